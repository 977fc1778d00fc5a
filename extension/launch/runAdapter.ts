// The debug adapter behind `"debugger": "none"`: a minimal Debug Adapter Protocol server
// that runs one program (already prepared with the socket_wrapper environment), streams its
// output, reports its exit code or signal, and on Stop/Restart ends its whole process tree.
//
// It is plain TypeScript with no `vscode` import: the extension hosts it inline
// (DebugAdapterInlineImplementation accepts anything shaped like vscode.DebugAdapter) and
// tests drive it directly with DAP messages.
import { constants } from 'os';
import type { RunningProgram, StartOptions } from './processTree';
import { LaunchError } from './errors';

/** The DAP message shapes this adapter reads and writes (a small subset of the protocol). */
export interface DapRequest {
  readonly seq: number;
  readonly type: 'request';
  readonly command: string;
  readonly arguments?: unknown;
}
export interface DapResponse {
  seq: number;
  type: 'response';
  request_seq: number;
  command: string;
  success: boolean;
  message?: string;
  body?: unknown;
}
export interface DapEvent {
  seq: number;
  type: 'event';
  event: string;
  body?: unknown;
}
export type DapOutgoing = DapResponse | DapEvent;

/** What the adapter runs; produced by prepareLaunch and carried in the resolved configuration. */
export interface RunTarget {
  readonly programPath: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** Where program output goes when the user chose the integrated terminal. */
export interface TerminalSink {
  write(text: string): void;
  /** Called once with the final status line. */
  close(status: string): void;
}

export interface RunAdapterOptions {
  readonly target: RunTarget;
  readonly start: (file: string, args: string[], cwd: string, env: Record<string, string>, options?: StartOptions) => RunningProgram;
  readonly graceMs: number;
  readonly terminal?: TerminalSink;
  /** Each complete output line, for socket_wrapper log and errno recognition. */
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** The program started (pid) or ended; lets the host count processes. */
  readonly onProcess?: (event: { kind: 'started'; pid: number } | { kind: 'exited'; pid: number; exitCode: number }) => void;
}

type Listener = (message: DapOutgoing) => void;

/** Formats an exit for people: "exited with code 3" / "killed by signal SIGSEGV". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by signal ${signal}` : `exited with code ${code ?? 0}`;
}

/** The conventional shell exit code for a result: code, or 128 + signal number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  return signal ? 128 + signalNumber(signal) : code ?? 0;
}

export class RunAdapter {
  private seq = 1;
  private readonly listeners = new Set<Listener>();
  private program: RunningProgram | undefined;
  private stopping: Promise<void> | undefined;
  private terminated = false;
  private readonly partial = { stdout: '', stderr: '' };

  constructor(private readonly options: RunAdapterOptions) {}

  /** vscode.Event-compatible subscription. */
  readonly onDidSendMessage = (listener: Listener): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  handleMessage(message: unknown): void {
    const request = message as DapRequest;
    if (request.type !== 'request') {
      return; // Responses to reverse requests: none are sent.
    }
    void this.dispatch(request);
  }

  /** A line of our own in the Debug Console (explanations, not program output). */
  note(text: string): void {
    this.event('output', { category: 'console', output: `${text}\n` });
  }

  /** Text typed in the integrated terminal, for the program's stdin. */
  writeInput(text: string): void {
    const stdin = this.program?.stdin;
    if (stdin && !stdin.destroyed) {
      stdin.write(text);
    }
  }

  dispose(): void {
    void this.stopProgram();
    this.listeners.clear();
  }

  private async dispatch(request: DapRequest): Promise<void> {
    switch (request.command) {
      case 'initialize':
        this.respond(request, {
          supportsConfigurationDoneRequest: true,
          supportsTerminateRequest: true,
        });
        this.event('initialized');
        return;
      case 'launch':
        this.launch(request);
        return;
      case 'configurationDone':
        this.respond(request);
        return;
      case 'threads':
        this.respond(request, { threads: this.program ? [{ id: 1, name: `${this.options.target.programPath} (pid ${this.program.pid})` }] : [] });
        return;
      case 'terminate':
      case 'disconnect':
        await this.stopProgram();
        this.respond(request);
        this.finish();
        return;
      default:
        this.fail(request, `"${request.command}" is not supported when running without a debugger ("debugger": "none")`);
    }
  }

  private launch(request: DapRequest): void {
    const { target } = this.options;
    try {
      // Only a terminal can type into the program; the Debug Console has no stdin.
      this.program = this.options.start(target.programPath, [...target.args], target.cwd, target.env, { stdin: this.options.terminal ? 'pipe' : 'ignore' });
    } catch (err) {
      const message = err instanceof LaunchError || err instanceof Error ? err.message : String(err);
      this.fail(request, message);
      this.finish();
      return;
    }
    const program = this.program;
    this.options.onProcess?.({ kind: 'started', pid: program.pid });
    this.event('process', { name: target.programPath, systemProcessId: program.pid, isLocalProcess: true, startMethod: 'launch' });
    program.onOutput((stream, text) => this.output(stream, text));
    this.respond(request);
    void program.exit.then(({ code, signal }) => {
      this.flushLines();
      this.options.onProcess?.({ kind: 'exited', pid: program.pid, exitCode: exitCodeOf(code, signal) });
      const status = `${target.programPath} (pid ${program.pid}) ${describeExit(code, signal)}`;
      if (this.options.terminal) {
        this.options.terminal.close(status);
      }
      this.event('output', { category: 'console', output: `${status}\n` });
      this.event('exited', { exitCode: exitCodeOf(code, signal) });
      this.finish();
    });
  }

  private output(stream: 'stdout' | 'stderr', text: string): void {
    if (this.options.terminal) {
      this.options.terminal.write(text);
    } else {
      this.event('output', { category: stream, output: text });
    }
    if (this.options.onLine) {
      const lines = (this.partial[stream] + text).split('\n');
      this.partial[stream] = lines.pop() ?? '';
      for (const line of lines) {
        this.options.onLine(stream, line);
      }
    }
  }

  private flushLines(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] && this.options.onLine) {
        this.options.onLine(stream, this.partial[stream]);
      }
      this.partial[stream] = '';
    }
  }

  private stopProgram(): Promise<void> {
    if (!this.program) {
      return Promise.resolve();
    }
    this.stopping ??= this.program.stop(this.options.graceMs);
    return this.stopping;
  }

  private finish(): void {
    if (!this.terminated) {
      this.terminated = true;
      this.event('terminated');
    }
  }

  private respond(request: DapRequest, body?: unknown): void {
    this.send({ seq: this.seq++, type: 'response', request_seq: request.seq, command: request.command, success: true, body });
  }

  private fail(request: DapRequest, message: string): void {
    this.send({
      seq: this.seq++,
      type: 'response',
      request_seq: request.seq,
      command: request.command,
      success: false,
      message,
      body: { error: { id: 1, format: message, showUser: true } },
    });
  }

  private event(event: string, body?: unknown): void {
    this.send({ seq: this.seq++, type: 'event', event, body });
  }

  private send(message: DapOutgoing): void {
    for (const listener of this.listeners) {
      listener(message);
    }
  }
}

/** Linux signal numbers for the exit-code convention (128 + n). */
export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}
