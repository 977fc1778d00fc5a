// The fd traces of socket_wrapper sessions, followed while they grow: what the Passed FDs
// view shows. Running sessions are polled (only what the file grew by is read, and the
// trace is analysed again only when records arrived); a session that ends is read one last
// time with "nothing is in flight any more" and stays on show until a newer session starts.
import { analyzeTrace, type TraceAnalysis } from './analyze';
import { TraceFollower } from './follow';
import type { TraceStats } from './reader';

export interface TraceTarget {
  readonly name: string;
  readonly file: string;
}

export interface SessionTrace {
  readonly name: string;
  readonly file: string;
  readonly running: boolean;
  readonly analysis: TraceAnalysis;
  readonly stats: TraceStats;
  /** Why the file could not be read, if it could not. */
  readonly error: string | null;
}

interface Entry {
  target: TraceTarget;
  follower: TraceFollower;
  running: boolean;
  started: number;
  analysis: TraceAnalysis;
  error: string | null;
}

const EMPTY = analyzeTrace([]);

export class SessionTraces {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private serial = 0;

  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The sessions running now. New ones replace sessions that ended; gone ones end. */
  async setRunning(targets: readonly TraceTarget[]): Promise<void> {
    const names = new Set(targets.map((t) => t.name));
    const fresh = targets.filter((t) => this.entries.get(t.name)?.running !== true);
    if (fresh.length > 0) {
      for (const [name, e] of this.entries) {
        if (!e.running) {
          this.entries.delete(name); // a new session takes the place of the finished ones
        }
      }
    }
    for (const target of fresh) {
      this.entries.set(target.name, { target, follower: new TraceFollower(target.file), running: true, started: ++this.serial, analysis: EMPTY, error: null });
    }
    const ending = [...this.entries.values()].filter((e) => e.running && !names.has(e.target.name));
    for (const e of ending) {
      e.running = false;
      await this.read(e, true);
    }
    if (fresh.length > 0 || ending.length > 0) {
      this.emit();
    }
  }

  /** Reads what running traces grew by; emits a change when anything did. */
  async poll(): Promise<void> {
    const changed = await Promise.all([...this.entries.values()].filter((e) => e.running).map((e) => this.read(e, false)));
    if (changed.some(Boolean)) {
      this.emit();
    }
  }

  /** Newest first. */
  list(): SessionTrace[] {
    return [...this.entries.values()]
      .sort((a, b) => b.started - a.started)
      .map((e) => ({ name: e.target.name, file: e.target.file, running: e.running, analysis: e.analysis, stats: e.follower.stats(), error: e.error }));
  }

  hasRunning(): boolean {
    return [...this.entries.values()].some((e) => e.running);
  }

  private async read(e: Entry, final: boolean): Promise<boolean> {
    let changed: boolean;
    try {
      changed = final ? await e.follower.finish() : await e.follower.poll();
      e.error = null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      changed = e.error !== message;
      e.error = message;
    }
    if (changed || final) {
      e.analysis = analyzeTrace(e.follower.records, { sessionEnded: !e.running });
    }
    return changed || final;
  }

  private emit(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
