// Which packets a command prints, decided in a first pass over the indexed capture: with
// de-duplication the received copies go, with a filter what it rejects goes. The second
// pass (the command's own streaming decode) asks keep(i) and mirror(i) per packet, so the
// printed lines stay exactly those of an unfiltered run, minus the dropped ones.
import { CaptureFile } from './captureFile';
import { MirrorMatcher, MirrorRole } from './dedupe';
import { CaptureError } from './errors';
import type { CompiledFilter } from './filter/index';

/** The `mirror` member of `swdebug packets --dedupe --json` lines. */
export interface MirrorJson {
  role: MirrorRole;
  /** `no` (1-based) of the other record: the received copy for a send; null when none. */
  partner: number | null;
  /** Epoch seconds on the sender's record; null for single packets. */
  sentAt: number | null;
  /** Epoch seconds on the receiver's record; null when not (wholly) read. */
  receivedAt: number | null;
  /** Bytes the peer read when it read only part (a short read), else null. */
  readBytes: number | null;
  /** The two records are byte-identical: which one the sender wrote is a guess (the earlier time). */
  identical: boolean;
}

export interface SelectionOptions {
  dedupe: boolean;
  filter: CompiledFilter | null;
}

export class PacketSelection {
  private constructor(
    readonly capture: CaptureFile,
    private readonly matcher: MirrorMatcher | null,
    private readonly filter: CompiledFilter | null,
  ) {}

  /** Indexes `file` and prepares the selection; `error` is what reading the file ran into. */
  static async load(file: string, options: SelectionOptions): Promise<{ selection: PacketSelection; error: CaptureError | null }> {
    const capture = CaptureFile.open(file);
    const r = await capture.readMoreAsync();
    const error = r.error ?? (r.waiting ? null : capture.finish());
    const matcher = options.dedupe ? new MirrorMatcher(capture) : null;
    matcher?.update();
    return { selection: new PacketSelection(capture, matcher, options.filter), error };
  }

  /** Packets the first pass saw. */
  get count(): number {
    return this.capture.index.count;
  }

  /** Whether packet i (0-based) is printed. */
  keep(i: number): boolean {
    if (i >= this.capture.index.count) return false;
    if (this.matcher !== null && this.matcher.isCopy(i)) return false;
    return this.filter === null || this.filter.test(i, this.capture);
  }

  /** Mirror facts of a kept packet (null without --dedupe). */
  mirror(i: number): MirrorJson | null {
    if (this.matcher === null || i >= this.matcher.processed) return null;
    const e = this.matcher.entry(i);
    return {
      role: e.role, partner: e.partner >= 0 ? e.partner + 1 : null, sentAt: e.sentAt, receivedAt: e.receivedAt,
      readBytes: e.readBytes, identical: e.identical,
    };
  }

  close(): void {
    this.capture.close();
  }
}

/** The text-table suffix for a kept packet's mirror facts ("" when there is nothing to say). */
export function mirrorNote(m: MirrorJson | null, ownTime: number): string {
  if (m === null) return '';
  switch (m.role) {
    case 'sent': {
      if (m.receivedAt === null) return m.readBytes !== null ? `  [partly read: ${m.readBytes} bytes]` : '  [not wholly read yet]';
      const latency = m.receivedAt - (m.sentAt ?? ownTime);
      const part = m.readBytes !== null ? `, ${m.readBytes} bytes` : '';
      // A FIN shown from the peer's made-up copy: the sender's own record came later.
      if (latency < 0) return `  [the sender's record is #${m.partner}, ${(-latency).toFixed(6)}s later${part}]`;
      return `  [read +${latency.toFixed(6)}s${part}, copy #${m.partner}]`;
    }
    case 'unpaired-send':
      return m.readBytes !== null ? `  [partly read: ${m.readBytes} bytes]` : '  [not read by the peer (yet)]';
    case 'unpaired-receive':
      return '  [receive matching no send]';
    default:
      return '';
  }
}
