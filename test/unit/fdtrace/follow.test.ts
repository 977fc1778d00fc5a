// Following a trace file while processes append to it: only complete lines become records,
// a file that does not exist yet is empty, one that shrank is read again from the start, and
// a session's traces end with everything nobody received marked lost.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TraceFollower } from '../../../extension/fdtrace/follow';
import { SessionTraces } from '../../../extension/fdtrace/sessionTraces';
import { FILE, line, pairEnd } from './traceLines';

describe('following a growing trace file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-follow-'));
    file = path.join(dir, 'fd.trace');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const send = line('send', 150, 10, { ...pairEnd(3, 201, 202), seq: 1, n: 1, i: 0, fd: 5, ...FILE });
  const start = line('start', 100, 10, { ppid: 1, argv: 'server' });

  it('reads only what was added, a line once it is complete', async () => {
    const follower = new TraceFollower(file);
    assert.strictEqual(await follower.poll(), false, 'no file yet: nothing, and no error');
    fs.writeFileSync(file, `${start}\n${send.slice(0, 20)}`);
    assert.strictEqual(await follower.poll(), true);
    assert.deepStrictEqual(follower.records.map((r) => r.event), ['start']);
    assert.strictEqual(await follower.poll(), false);
    fs.appendFileSync(file, `${send.slice(20)}\n`);
    assert.strictEqual(await follower.poll(), true);
    assert.deepStrictEqual(follower.records.map((r) => r.event), ['start', 'send']);
    fs.writeFileSync(file, `${start}\n`); // replaced by a shorter file
    assert.strictEqual(await follower.poll(), true);
    assert.deepStrictEqual(follower.records.map((r) => r.event), ['start']);
  });

  it('keeps an ended session on show, final, until a new one starts', async () => {
    fs.writeFileSync(file, `${start}\n${send}\n`);
    const traces = new SessionTraces();
    let changes = 0;
    traces.onChange(() => changes++);
    await traces.setRunning([{ name: 'a', file }]);
    await traces.poll();
    assert.deepStrictEqual(traces.list().map((t) => [t.name, t.running, t.analysis.handoffs[0]?.state]), [['a', true, 'in-flight']]);
    await traces.setRunning([]);
    assert.deepStrictEqual(traces.list().map((t) => [t.name, t.running, t.analysis.handoffs[0]?.state]), [['a', false, 'lost']]);
    const other = path.join(dir, 'other.trace');
    await traces.setRunning([{ name: 'b', file: other }]);
    assert.deepStrictEqual(traces.list().map((t) => [t.name, t.running, t.analysis.handoffs.length]), [['b', true, 0]]);
    assert.ok(changes >= 3);
  });
});
