// Keeps the socket listings of the running sessions fresh for the Sockets view, without the
// view's host knowing about timers. It polls only while active (a session runs and the view
// is visible), one poll at a time: the next starts `intervalMs` after the previous ended, so
// a slow /proc never piles polls up, and the view lags at most one interval plus one poll.
// Listeners hear only about changes, so an idle session does not repaint the tree.
import { errorMessage } from './errors';
import type { SocketListing } from './listing';
import type { Ipv4Network } from './wrapperName';

export interface PollTarget {
  /** The session's name (unique among running sessions). */
  readonly name: string;
  readonly dir: string;
  readonly ipv4Network: Ipv4Network;
}

export interface TargetState {
  readonly target: PollTarget;
  /** The latest listing; undefined before the first poll or after an error. */
  readonly listing?: SocketListing;
  /** Why the latest poll failed (the directory vanished, ...). */
  readonly error?: string;
}

export type ListFunction = (target: PollTarget) => Promise<SocketListing>;

export const DEFAULT_POLL_INTERVAL_MS = 400;

export class SocketsPoller {
  private targets: PollTarget[] = [];
  private readonly current = new Map<string, TargetState>();
  private readonly fingerprints = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private active = false;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly list: ListFunction,
    private readonly intervalMs = DEFAULT_POLL_INTERVAL_MS,
  ) {}

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The sessions to watch; ones that left are forgotten at once. */
  setTargets(targets: readonly PollTarget[]): void {
    this.targets = [...targets];
    const names = new Set(targets.map((t) => t.name));
    let changed = false;
    for (const name of [...this.current.keys()]) {
      if (!names.has(name)) {
        this.current.delete(name);
        this.fingerprints.delete(name);
        changed = true;
      }
    }
    if (changed) {
      this.emit();
    }
    this.reschedule(true);
  }

  /** Whether anyone is looking (the view is visible). */
  setActive(active: boolean): void {
    this.active = active;
    this.reschedule(true);
  }

  get running(): boolean {
    return this.timer !== undefined || this.polling !== undefined;
  }

  /** The latest state of every target, in target order. */
  states(): TargetState[] {
    return this.targets.map((t) => this.current.get(t.name) ?? { target: t });
  }

  /** Polls every target now (joining a poll already under way) and resolves when done. */
  pollNow(): Promise<void> {
    this.polling ??= this.pollAll().finally(() => {
      this.polling = undefined;
      this.reschedule(false);
    });
    return this.polling;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private reschedule(soon: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || !this.active || this.targets.length === 0 || this.polling !== undefined) {
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.pollNow();
      },
      soon ? 0 : this.intervalMs,
    );
  }

  private async pollAll(): Promise<void> {
    const targets = this.targets;
    const results = await Promise.all(
      targets.map(async (target): Promise<TargetState> => {
        try {
          return { target, listing: await this.list(target) };
        } catch (err) {
          return { target, error: errorMessage(err) };
        }
      }),
    );
    let changed = false;
    for (const state of results) {
      if (!this.targets.some((t) => t.name === state.target.name)) {
        continue; // the session ended while we polled
      }
      const fingerprint = JSON.stringify([state.listing ?? null, state.error ?? null]);
      if (this.fingerprints.get(state.target.name) !== fingerprint) {
        this.fingerprints.set(state.target.name, fingerprint);
        changed = true;
      }
      this.current.set(state.target.name, state);
    }
    if (changed) {
      this.emit();
    }
  }

  private emit(): void {
    if (this.disposed) {
      return;
    }
    for (const listener of this.listeners) {
      listener();
    }
  }
}
