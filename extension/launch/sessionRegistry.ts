// Bookkeeping for socket_wrapper sessions: which debug sessions, terminals and tasks share
// one socket directory and capture, and when the last of them ends so the directory can go.
//
// A session is named by the `socketWrapper.session` attribute (or gets a unique name). The
// first member to resolve creates its directory; later members with the same name reuse it;
// when the last member leaves, the session ends and an owned directory is removed.
// Pure bookkeeping, no `vscode`: the host feeds it events.

export interface SessionResources {
  /** SOCKET_WRAPPER_DIR. */
  readonly dir: string;
  /** Created by us (removed at the end) rather than named by the user. */
  readonly dirOwned: boolean;
  /** The capture file, if any (socket_wrapper creates it on the first packet). */
  readonly pcapFile?: string;
  /** The fd trace file, if any. */
  readonly fdTraceFile?: string;
}

export interface WrapperSession extends SessionResources {
  readonly name: string;
  readonly startedAt: number;
  /** Members (debug session ids, terminal ids, task ids) currently in the session. */
  readonly members: ReadonlySet<string>;
  /** Processes started by the inline adapter and still running. */
  readonly pids: ReadonlySet<number>;
  /** The environment variables the session sets, last prepared (for terminals and Copy Environment). */
  readonly envDelta: Readonly<Record<string, string>>;
}

interface MutableSession {
  name: string;
  startedAt: number;
  dir: string;
  dirOwned: boolean;
  pcapFile?: string;
  fdTraceFile?: string;
  members: Set<string>;
  pids: Set<number>;
  envDelta: Record<string, string>;
}

export type SessionEvent =
  | { readonly kind: 'started'; readonly session: WrapperSession }
  | { readonly kind: 'changed'; readonly session: WrapperSession }
  | { readonly kind: 'ended'; readonly session: WrapperSession };

export class SessionRegistry {
  private readonly sessions = new Map<string, MutableSession>();
  private readonly memberSession = new Map<string, string>();
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private unnamed = 0;

  /** Sessions whose last member left, waiting out the linger period before they end. */
  private readonly ending = new Map<string, NodeJS.Timeout>();

  /**
   * @param lingerMs how long a session whose last member left waits before it ends. A
   *   Restart ends the debug session and starts it again a moment later in the same
   *   session; without the wait its socket directory would be gone in between.
   */
  constructor(
    private readonly cleanup: (session: WrapperSession) => void,
    private readonly lingerMs = 0,
  ) {}

  onEvent(listener: (event: SessionEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A fresh name for a configuration that did not name its session. */
  uniqueName(base: string): string {
    this.unnamed += 1;
    return `${base} #${this.unnamed}`;
  }

  get(name: string): WrapperSession | undefined {
    return this.sessions.get(name);
  }

  /** The most recently started session still running. */
  latest(): WrapperSession | undefined {
    let best: MutableSession | undefined;
    for (const s of this.sessions.values()) {
      if (!best || s.startedAt >= best.startedAt) {
        best = s;
      }
    }
    return best;
  }

  all(): WrapperSession[] {
    return [...this.sessions.values()];
  }

  /** Returns the named session, creating it with `create()` on first use. */
  acquire(name: string, create: () => SessionResources): WrapperSession {
    const existing = this.sessions.get(name);
    if (existing) {
      return existing;
    }
    const resources = create();
    const session: MutableSession = { name, startedAt: Date.now(), ...resources, members: new Set(), pids: new Set(), envDelta: {} };
    this.sessions.set(name, session);
    this.emit({ kind: 'started', session });
    return session;
  }

  setEnvDelta(name: string, delta: Record<string, string>): void {
    const session = this.sessions.get(name);
    if (session) {
      session.envDelta = { ...delta };
      this.emit({ kind: 'changed', session });
    }
  }

  join(name: string, member: string): void {
    const session = this.sessions.get(name);
    if (!session) {
      return;
    }
    this.cancelEnding(name);
    session.members.add(member);
    this.memberSession.set(member, name);
    this.emit({ kind: 'changed', session });
  }

  /** A member left; ends the session when it was the last one. */
  leave(member: string): void {
    const name = this.memberSession.get(member);
    if (name === undefined) {
      return;
    }
    this.memberSession.delete(member);
    const session = this.sessions.get(name);
    if (!session) {
      return;
    }
    session.members.delete(member);
    if (session.members.size > 0) {
      this.emit({ kind: 'changed', session });
    } else if (this.lingerMs <= 0) {
      this.end(session);
    } else {
      this.cancelEnding(name);
      this.ending.set(
        name,
        setTimeout(() => {
          this.ending.delete(name);
          if (this.sessions.get(name) === session && session.members.size === 0) {
            this.end(session);
          }
        }, this.lingerMs),
      );
      this.emit({ kind: 'changed', session });
    }
  }

  private cancelEnding(name: string): void {
    const timer = this.ending.get(name);
    if (timer) {
      clearTimeout(timer);
      this.ending.delete(name);
    }
  }

  processStarted(name: string, pid: number): void {
    const session = this.sessions.get(name);
    if (session) {
      session.pids.add(pid);
      this.emit({ kind: 'changed', session });
    }
  }

  processExited(name: string, pid: number): void {
    const session = this.sessions.get(name);
    if (session?.pids.delete(pid)) {
      this.emit({ kind: 'changed', session });
    }
  }

  /** Ends a session now, whoever is still in it (Stop Session; extension shutdown). */
  endSession(name: string): void {
    const session = this.sessions.get(name);
    if (session) {
      this.end(session);
    }
  }

  /** Ends sessions that were created but that no member ever joined (a launch that failed later). */
  endEmpty(): void {
    for (const session of [...this.sessions.values()]) {
      if (session.members.size === 0) {
        this.end(session);
      }
    }
  }

  private end(session: MutableSession): void {
    this.cancelEnding(session.name);
    this.sessions.delete(session.name);
    for (const member of session.members) {
      this.memberSession.delete(member);
    }
    try {
      this.cleanup(session);
    } finally {
      this.emit({ kind: 'ended', session });
    }
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) {
      listener(event);
    }
  }
}
