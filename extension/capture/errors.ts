// The one error type the capture engine throws for bad or changing input. Everything a
// hostile or half-written file can provoke ends up here, with a kind a program can switch
// on and the byte offset a person can look at with `xxd -s`.

export type CaptureErrorKind =
  /** The (final) file has no bytes at all. */
  | 'empty-file'
  /** The (final) file ends inside the pcap file header or the first pcapng block. */
  | 'truncated-header'
  /** The first bytes are neither a pcap nor a pcapng magic number. */
  | 'bad-magic'
  /** A recognised header with values this reader cannot accept (version, length...). */
  | 'bad-header'
  /** A packet record claims more captured bytes than the snapshot length or 262144. */
  | 'record-too-long'
  /** A pcapng block with an impossible length, trailer or interface reference. */
  | 'bad-block'
  /** The (final) file ends in the middle of a record: every earlier packet is good. */
  | 'truncated-record'
  /** A followed file became shorter than what was already read. */
  | 'file-shrank'
  /** A followed path now names another file (deleted and re-created, or renamed over). */
  | 'file-replaced'
  /** A followed file's header bytes changed: it was rewritten in place. */
  | 'header-changed'
  /** The operating system refused a read (missing file, permissions...). */
  | 'io';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';

  constructor(
    readonly kind: CaptureErrorKind,
    /** Byte offset in the file where the problem starts. */
    readonly offset: number,
    /** The problem in words, without the offset. */
    readonly problem: string,
  ) {
    super(`${problem} (at byte offset ${offset})`);
  }

  /** True for a file that merely stops early: the packets before it are complete and valid. */
  get isTruncation(): boolean {
    return this.kind === 'truncated-record';
  }
}

export function isCaptureError(e: unknown): e is CaptureError {
  return e instanceof CaptureError;
}
