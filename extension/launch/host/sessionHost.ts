// Owns the SessionRegistry inside the extension host: where captures are stored, removing
// owned socket directories when a session ends, and following debug sessions in and out.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { SessionRegistry, type SessionResources, type WrapperSession } from '../sessionRegistry';
import { removeSessionDir } from '../sessionDir';
import type { LaunchConfig } from '../options';
import { prepareLaunch, type PreparedLaunch } from '../prepare';
import { readSettings } from '../../common/host/settings';
import type { Log } from '../../common/host/log';

/** The attribute a resolved configuration carries to tie its debug session to a wrapper session. */
export const SESSION_ATTRIBUTE = '__socketWrapperSession';
/** The session's directory and capture, so a restarted debug session can bring it back. */
export const RESOURCES_ATTRIBUTE = '__socketWrapperResources';
/** How long a session whose last member left waits before it ends (covers Restart). */
const LINGER_MS = 3000;

export class SessionHost implements vscode.Disposable {
  readonly registry: SessionRegistry;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly captureDir: string;
  private serial: Promise<unknown> = Promise.resolve();
  /** How to stop each member (debug session, terminal, task) for Stop Session. */
  private readonly stoppers = new Map<string, () => unknown>();

  constructor(context: vscode.ExtensionContext, private readonly log: Log) {
    this.captureDir = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'captures');
    this.registry = new SessionRegistry((session) => this.cleanup(session), LINGER_MS);
    this.disposables.push(
      // A tracker is created for every adapter instance, including the new one after a
      // Restart (which fires no second onDidStartDebugSession), of every debugger type.
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (s) => {
          this.onDebugAdapter(s);
          return undefined;
        },
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.removeMember(`debug:${s.id}`)),
    );
    const sub = this.registry.onEvent((e) => {
      if (e.kind === 'started') {
        this.log.info(`session "${e.session.name}" started: socket directory ${e.session.dir}${e.session.pcapFile ? `, capture ${e.session.pcapFile}` : ''}${e.session.fdTraceFile ? `, fd trace ${e.session.fdTraceFile}` : ''}`);
      } else if (e.kind === 'ended') {
        this.log.info(`session "${e.session.name}" ended${e.session.pcapFile ? `; capture kept at ${e.session.pcapFile}` : ''}`);
      }
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
  }

  /** A fresh capture path for a new session. The file itself is left to socket_wrapper. */
  newCapturePath(sessionName: string): string {
    fs.mkdirSync(this.captureDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const safe = sessionName.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40);
    return path.join(this.captureDir, `${safe}-${stamp}.pcap`);
  }

  /**
   * Runs resolution steps one at a time, so the two halves of a compound that resolve
   * together find one session, not two.
   */
  private serialize<T>(step: () => Promise<T>): Promise<T> {
    const next = this.serial.then(step, step);
    this.serial = next.catch(() => undefined);
    return next;
  }

  /**
   * Creates or joins the wrapper session `cfg` names (or a new unnamed one) and prepares this
   * member's environment in it. Serialized, so members resolving together share one session.
   */
  prepareMember(cfg: LaunchConfig, nameHint: string, tracerPath: string | undefined): Promise<{ prepared: PreparedLaunch; sessionName: string }> {
    return this.serialize(async () => {
      const sessionName = cfg.socketWrapper.session ?? this.registry.uniqueName(nameHint);
      const existing = this.registry.get(sessionName);
      const pcap =
        cfg.socketWrapper.pcap === false
          ? false
          : typeof cfg.socketWrapper.pcap === 'string'
            ? cfg.socketWrapper.pcap
            : (existing?.pcapFile ?? this.newCapturePath(sessionName));
      const tracer = cfg.socketWrapper.fdTrace === false ? undefined : tracerPath;
      // One fd trace per session, next to its capture; the member that creates the session decides.
      const fdTraceFile = tracer === undefined ? undefined : existing ? existing.fdTraceFile : this.newCapturePath(sessionName).replace(/\.pcap$/, '.fdtrace');
      const prepared = await prepareLaunch(
        { ...cfg, env: fdTraceFile === undefined ? cfg.env : { ...cfg.env, SWDEBUG_FD_TRACE: fdTraceFile }, socketWrapper: { ...cfg.socketWrapper, pcap } },
        {
          baseEnv: process.env,
          librarySetting: readSettings().libraryPath,
          tracerPath: fdTraceFile === undefined ? undefined : tracer,
          sessionDir: existing?.dir,
        },
      );
      const session = this.registry.acquire(sessionName, () => ({ dir: prepared.dir, dirOwned: prepared.dirOwned, pcapFile: prepared.pcapFile, fdTraceFile }));
      this.registry.setEnvDelta(session.name, prepared.delta);
      return { prepared, sessionName };
    });
  }

  /** Adds a member to a session with the way to stop it. */
  addMember(sessionName: string, member: string, stop: () => unknown): void {
    this.stoppers.set(member, stop);
    this.registry.join(sessionName, member);
  }

  /** A member ended by itself. */
  removeMember(member: string): void {
    this.stoppers.delete(member);
    this.registry.leave(member);
  }

  /**
   * Stop Session: asks every member to stop, waits until they have left (each debug session
   * ends only after its process tree is gone), then ends the session; a member that does not
   * leave within the grace period plus a margin is abandoned so the session still ends.
   */
  async stopSession(name: string): Promise<void> {
    const session = this.registry.get(name);
    if (!session) {
      return;
    }
    // Every member gone (or the session already over): no need to linger, Stop means now.
    const left = new Promise<void>((resolve) => {
      const sub = this.registry.onEvent((e) => {
        if (e.session.name === name && (e.kind === 'ended' || e.session.members.size === 0)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await Promise.allSettled([...session.members].map((m) => this.stoppers.get(m)?.()));
    const limit = readSettings().stopGracePeriodMs + 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limit)));
    const outcome = await Promise.race([left, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log.warn(`session "${name}": members did not stop within ${limit} ms; ending it anyway`);
    }
    this.registry.endSession(name);
  }

  /** A debug adapter of one of our sessions starts (first start or Restart): (re)join it. */
  private onDebugAdapter(session: vscode.DebugSession): void {
    const name: unknown = session.configuration[SESSION_ATTRIBUTE];
    if (typeof name !== 'string') {
      return;
    }
    const resources = session.configuration[RESOURCES_ATTRIBUTE] as SessionResources | undefined;
    if (!this.registry.get(name) && resources) {
      // Restarted after the session ended: same directory (recreated) and capture.
      fs.mkdirSync(resources.dir, { recursive: true, mode: 0o700 });
      this.registry.acquire(name, () => resources);
    }
    this.addMember(name, `debug:${session.id}`, () => vscode.debug.stopDebugging(session));
  }

  /** What a resolved configuration carries about its session (see RESOURCES_ATTRIBUTE). */
  resourcesOf(sessionName: string): SessionResources | undefined {
    const s = this.registry.get(sessionName);
    return s && { dir: s.dir, dirOwned: s.dirOwned, ...(s.pcapFile ? { pcapFile: s.pcapFile } : {}), ...(s.fdTraceFile ? { fdTraceFile: s.fdTraceFile } : {}) };
  }

  private cleanup(session: WrapperSession): void {
    if (!session.dirOwned) {
      return;
    }
    try {
      removeSessionDir(session.dir);
    } catch (err) {
      this.log.warn(`could not remove socket directory ${session.dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const s of this.registry.all()) {
      this.registry.endSession(s.name);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
