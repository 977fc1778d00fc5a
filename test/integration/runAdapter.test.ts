// The inline runner behind `"debugger": "none"`, driven with DAP messages as VS Code sends
// them, running real processes: output and exit code reach the client, and disconnect (Stop)
// ends a program together with the children it forked.
import * as assert from 'assert';
import * as fs from 'fs';
import { RunAdapter, type DapOutgoing, type DapEvent } from '../../extension/launch/runAdapter';
import { startProgram } from '../../extension/launch/processTree';

function adapterFor(programPath: string, args: string[], onLine?: (stream: 'stdout' | 'stderr', line: string) => void): { adapter: RunAdapter; messages: DapOutgoing[]; next: (pred: (m: DapOutgoing) => boolean) => Promise<DapOutgoing> } {
  const adapter = new RunAdapter({ target: { programPath, args, cwd: '/', env: { ...process.env } as Record<string, string> }, start: startProgram, graceMs: 500, onLine });
  const messages: DapOutgoing[] = [];
  const waiters: { pred: (m: DapOutgoing) => boolean; resolve: (m: DapOutgoing) => void }[] = [];
  adapter.onDidSendMessage((m) => {
    messages.push(m);
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) {
        w.resolve(m);
      } else {
        waiters.push(w);
      }
    }
  });
  const next = (pred: (m: DapOutgoing) => boolean): Promise<DapOutgoing> => {
    const seen = messages.find(pred);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  return { adapter, messages, next };
}

const isEvent = (name: string) => (m: DapOutgoing): m is DapEvent => m.type === 'event' && m.event === name;

describe('RunAdapter (debugger "none") with real processes', () => {
  it('streams output and reports the exit code, then terminates', async () => {
    const { adapter, messages, next } = adapterFor('/bin/sh', ['-c', 'echo out; echo err >&2; exit 5']);
    adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize', arguments: {} });
    adapter.handleMessage({ seq: 2, type: 'request', command: 'launch', arguments: {} });
    adapter.handleMessage({ seq: 3, type: 'request', command: 'configurationDone' });
    await next(isEvent('terminated'));
    const exited = messages.find(isEvent('exited')) as DapEvent;
    assert.deepStrictEqual(exited.body, { exitCode: 5 });
    const output = messages.filter(isEvent('output')).map((m) => (m as DapEvent).body as { category: string; output: string });
    assert.ok(output.some((o) => o.category === 'stdout' && o.output.includes('out')));
    assert.ok(output.some((o) => o.category === 'stderr' && o.output.includes('err')));
    assert.ok(output.some((o) => /exited with code 5/.test(o.output)));
    assert.ok(messages.some((m) => m.type === 'response' && m.command === 'launch' && m.success));
  });

  it('hands every complete line of both streams to onLine, the unterminated last one too', async () => {
    const lines: string[] = [];
    const { adapter, next } = adapterFor('/bin/sh', ['-c', 'printf "a1\\na2\\n"; printf "connect: No route to host\\n" >&2; printf tail'], (stream, line) => lines.push(`${stream}:${line}`));
    adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize' });
    adapter.handleMessage({ seq: 2, type: 'request', command: 'launch' });
    await next(isEvent('terminated'));
    assert.deepStrictEqual(lines.filter((l) => l.startsWith('stdout:')), ['stdout:a1', 'stdout:a2', 'stdout:tail']);
    assert.deepStrictEqual(lines.filter((l) => l.startsWith('stderr:')), ['stderr:connect: No route to host']);
  });

  it('reports a signal death as 128 + signal number', async () => {
    const { adapter, messages, next } = adapterFor('/bin/sh', ['-c', 'kill -SEGV $$']);
    adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize' });
    adapter.handleMessage({ seq: 2, type: 'request', command: 'launch' });
    await next(isEvent('terminated'));
    assert.deepStrictEqual((messages.find(isEvent('exited')) as DapEvent).body, { exitCode: 128 + 11 });
    assert.ok(messages.filter(isEvent('output')).some((m) => /killed by signal SIGSEGV/.test(String(((m as DapEvent).body as { output: string }).output))));
  });

  it('disconnect ends the program and the children it forked', async () => {
    // A parent that forks a sleeping child in its own session (setsid), as daemons do.
    const { adapter, next, messages } = adapterFor('/bin/sh', ['-c', 'setsid sleep 300 & echo child=$!; sleep 300']);
    adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize' });
    adapter.handleMessage({ seq: 2, type: 'request', command: 'launch' });
    const line = await next((m) => isEvent('output')(m) && /child=\d+/.test(String(((m as DapEvent).body as { output: string }).output)));
    const child = Number(/child=(\d+)/.exec(String(((line as DapEvent).body as { output: string }).output))?.[1]);
    const processEvent = messages.find(isEvent('process')) as DapEvent;
    const parent = (processEvent.body as { systemProcessId: number }).systemProcessId;
    assert.ok(fs.existsSync(`/proc/${child}`) && fs.existsSync(`/proc/${parent}`));
    adapter.handleMessage({ seq: 3, type: 'request', command: 'disconnect', arguments: {} });
    await next((m) => m.type === 'response' && m.command === 'disconnect');
    const alive = [parent, child].filter((pid) => {
      try {
        return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return false;
      }
    });
    assert.deepStrictEqual(alive, [], 'processes survived Stop');
    await next(isEvent('terminated'));
  });

  it('a program that cannot start fails the launch request with the reason', async () => {
    const { adapter, next } = adapterFor('/nonexistent/program', []);
    adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize' });
    adapter.handleMessage({ seq: 2, type: 'request', command: 'launch' });
    const response = await next((m) => m.type === 'response' && m.command === 'launch');
    assert.strictEqual(response.type === 'response' && response.success, false);
    assert.match(String(response.type === 'response' ? response.message : ''), /nonexistent/);
    await next(isEvent('terminated'));
  });
});
