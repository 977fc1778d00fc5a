// The one follower of the sessions' fd traces that every view shares: the Passed FDs view,
// the Packet Timeline (lanes by process, handoffs) and the Sockets view (addresses the kernel
// cannot name). It tracks the sessions of the registry that have a trace and polls the
// running ones while anybody needs them: each consumer says so under its own name
// (`demand('fds', visible)`), and polling stops when the last one lets go or no traced
// session runs. A session that ends is read once more, whoever is looking.
import type { SessionRegistry } from '../launch/sessionRegistry';
import type { TraceAnalysis } from './analyze';
import { SessionTraces, type SessionTrace, type TraceTarget } from './sessionTraces';

/** How often running traces are read while someone needs them. */
export const TRACE_POLL_MS = 500;

type SessionSource = Pick<SessionRegistry, 'all' | 'onEvent'>;

function targets(registry: SessionSource): TraceTarget[] {
  return registry.all().flatMap((s) => (s.fdTraceFile === undefined ? [] : [{ name: s.name, file: s.fdTraceFile }]));
}

export class TraceFeed {
  readonly traces = new SessionTraces();
  private readonly demands = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly sessionEvents: { dispose(): void };
  private disposed = false;
  /** Resolves when the sessions of the last registry event are taken in (tests). */
  synced: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: SessionSource,
    private readonly warn: (line: string) => void = () => undefined,
    private readonly pollMs = TRACE_POLL_MS,
  ) {
    this.sessionEvents = registry.onEvent(() => this.sync());
    this.sync();
  }

  onChange(listener: () => void): { dispose(): void } {
    return this.traces.onChange(listener);
  }

  /** Newest first, as SessionTraces.list(). */
  list(): SessionTrace[] {
    return this.traces.list();
  }

  /** The latest analysis of a session's trace; null when it has none (yet). */
  analysisOf(session: string | undefined): TraceAnalysis | null {
    if (session === undefined) return null;
    return this.traces.list().find((t) => t.name === session)?.analysis ?? null;
  }

  /** `who` needs (or no longer needs) running traces kept fresh. */
  demand(who: string, wanted: boolean): void {
    if (wanted) this.demands.add(who);
    else this.demands.delete(who);
    this.schedule();
  }

  /** Whether running traces are being polled now. */
  get polling(): boolean {
    return this.timer !== undefined;
  }

  /** Reads what running traces grew by, now. */
  poll(): Promise<void> {
    return this.traces.poll().catch((err: unknown) => this.warn(`fd trace: ${String(err)}`));
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sessionEvents.dispose();
  }

  private sync(): void {
    this.synced = this.traces.setRunning(targets(this.registry)).then(
      () => this.schedule(),
      (err: unknown) => this.warn(`fd trace: ${String(err)}`),
    );
  }

  private schedule(): void {
    const wanted = !this.disposed && this.demands.size > 0 && this.traces.hasRunning();
    if (wanted && this.timer === undefined) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      void this.poll();
    } else if (!wanted && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
