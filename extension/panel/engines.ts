// The seams where the filter language, socket_wrapper mirror de-duplication and stream
// reassembly plug into the Packet Timeline. Those engines are written separately; the panel
// host calls these interfaces when an implementation is given (PanelEngines) and otherwise
// tells the webview the feature is missing, which disables its control.
import type { CaptureFile } from '../capture/captureFile';
import type { FilterError, MirrorInfo, StreamContent } from './protocol';

export interface CompiledFilter {
  /** Whether packet `packet` (0-based) of `capture` is shown. Called once per packet, in order. */
  matches(capture: CaptureFile, packet: number): boolean;
}

export interface RowFilter {
  /** Parses an expression ("tcp.port == 7777"); an error names the 0-based column of the problem. */
  compile(expression: string): CompiledFilter | { readonly error: FilterError };
}

export interface Deduper {
  /**
   * Whether `packet` is the second copy of a packet already in the capture (the receiver's
   * record of what a sender wrote): de-duplicated views hide it. Must be final when asked:
   * the host asks once per packet, in file order, as the capture grows.
   */
  isMirrorCopy(capture: CaptureFile, packet: number): boolean;
  /**
   * For a shown packet: its pairing with the other copy, or (peer null) a send the peer has
   * not read (yet); null for packets written once by nature.
   */
  mirrorOf(capture: CaptureFile, packet: number): MirrorInfo | null;
  /** Whether a capture opened as a file should be de-duplicated unless the person says otherwise. */
  onByDefault?(capture: CaptureFile): boolean;
}

export interface StreamReader {
  /** The payload of flow `flow`, segment by segment per direction, up to `maxBytes`. */
  read(capture: CaptureFile, flow: number, maxBytes: number): StreamContent;
}

export interface PanelEngines {
  readonly filter?: RowFilter;
  readonly deduper?: Deduper;
  readonly streams?: StreamReader;
}

export function isFilterError(v: CompiledFilter | { readonly error: FilterError }): v is { readonly error: FilterError } {
  return (v as { error?: unknown }).error !== undefined;
}
