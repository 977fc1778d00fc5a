// What the fd tracer integration tests share: the fixture programs and the prefork sample
// compiled once, `swdebug run --fd-trace` with the real libsocket_wrapper, and the trace read
// back through both `swdebug fds --json` (the CLI contract) and the engine.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeTrace, type TraceAnalysis } from '../../../extension/fdtrace/analyze';
import { readTraceFile } from '../../../extension/fdtrace/follow';
import type { HandoffJson } from '../../../extension/fdtrace/json';
import type { TraceStats } from '../../../extension/fdtrace/reader';
import { findTracerLibrary } from '../../../extension/fdtrace/tracerLibrary';
import { CLI, ROOT } from '../helpers';

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'fdtrace');
export const PREFORK_SAMPLE = path.join(ROOT, 'samples', 'prefork');

export interface Programs {
  readonly fdpass: string;
  readonly server: string;
  readonly client: string;
}

/** Compiles fdpass.c and the prefork sample into `dir` with warnings as errors. */
export function buildPrograms(dir: string): Programs {
  const out: Programs = { fdpass: path.join(dir, 'fdpass'), server: path.join(dir, 'prefork-server'), client: path.join(dir, 'prefork-client') };
  const cc = (output: string, source: string, extra: string[] = []): void => {
    execFileSync('gcc', ['-Wall', '-Wextra', '-Werror', '-O1', ...extra, '-o', output, source], { stdio: 'pipe' });
  };
  cc(out.fdpass, path.join(FIXTURES, 'fdpass.c'), ['-pthread']);
  cc(out.server, path.join(PREFORK_SAMPLE, 'prefork-server.c'));
  cc(out.client, path.join(PREFORK_SAMPLE, 'prefork-client.c'));
  return out;
}

/** The tracer built by node-gyp; the tests need it. */
export function tracerOrFail(): string {
  const tracer = findTracerLibrary(ROOT);
  if (tracer === undefined) {
    throw new Error(`the fd tracer is not built in ${ROOT}/build/Release; run "npm run install"`);
  }
  return tracer;
}

/** `swdebug fds FILE --json`: one parsed object per line. Fails on any complaint on stderr. */
export function fdsJson(trace: string): HandoffJson[] {
  const run = spawnSync(process.execPath, [CLI, 'fds', trace, '--json'], { encoding: 'utf8' });
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`swdebug fds ${trace} --json: exit ${run.status}\n${run.stderr}`);
  }
  return run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as HandoffJson);
}

/** `swdebug fds FILE` as text lines. */
export function fdsText(trace: string, ...extra: string[]): string[] {
  return execFileSync(process.execPath, [CLI, 'fds', trace, ...extra], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** The engine's view of a finished trace. */
export async function analyse(trace: string): Promise<{ analysis: TraceAnalysis; stats: TraceStats }> {
  const { records, stats } = await readTraceFile(trace);
  return { analysis: analyzeTrace(records), stats };
}

/** The lines a program printed, as numbers: "parent 12 sent 6: 7,8,9" -> [7, 8, 9]. */
export function numbers(list: string): number[] {
  return list.split(',').map(Number);
}

export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
}
