// Reading a trace in chunks as a live file grows: records only once their line is complete,
// malformed lines counted with their line numbers, a partial last line at the end.
import * as assert from 'assert';
import { TraceReader } from '../../../extension/fdtrace/reader';
import { line } from './traceLines';

const a = line('fork', 1, 10, { ppid: 1 });
const b = line('exit', 2, 10, { status: 0 });

describe('fd trace reader', () => {
  it('returns a record only when its newline has arrived', () => {
    const reader = new TraceReader();
    const bytes = Buffer.from(`${a}\n${b}\n`, 'latin1');
    const cut = a.length + 5;
    assert.deepStrictEqual(reader.push(bytes.subarray(0, 3)), []);
    const first = reader.push(bytes.subarray(3, cut));
    assert.deepStrictEqual(first.map((r) => r.event), ['fork']);
    assert.strictEqual(reader.pendingBytes, 4);
    const second = reader.push(bytes.subarray(cut));
    assert.deepStrictEqual(second.map((r) => [r.event, r.line]), [['exit', 2]]);
    reader.end();
    assert.deepStrictEqual(reader.stats(), { records: 2, malformed: 0, unknown: 0, problems: [] });
  });

  it('counts and skips malformed and unknown lines, and keeps going', () => {
    const reader = new TraceReader();
    const text = [a, 'garbage', '', line('teleport', 3, 10), 'SWFD1\tclose\t4\t10\t10\tfd=%q1', b, ''].join('\n');
    const records = reader.push(Buffer.from(text, 'latin1'));
    assert.deepStrictEqual(records.map((r) => r.event), ['fork', 'exit']);
    const stats = reader.stats();
    assert.strictEqual(stats.records, 2);
    assert.strictEqual(stats.malformed, 2);
    assert.strictEqual(stats.unknown, 1);
    assert.deepStrictEqual(stats.problems.map((p) => p.line), [2, 5]);
  });

  it('counts a last line without its newline as a partial record when the input ends', () => {
    const reader = new TraceReader();
    reader.push(Buffer.from(`${a}\n${b.slice(0, 12)}`, 'latin1'));
    reader.end();
    const stats = reader.stats();
    assert.strictEqual(stats.records, 1);
    assert.strictEqual(stats.malformed, 1);
    assert.match(stats.problems[0].reason, /^partial record/);
  });

  it('survives arbitrary bytes without throwing', () => {
    const reader = new TraceReader();
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (let i = 0; i < 200; i++) {
      const chunk = Buffer.from(Array.from({ length: 64 }, random));
      reader.push(chunk);
    }
    reader.push(Buffer.from(`\n${a}\n`, 'latin1'));
    reader.end();
    assert.ok(reader.stats().records >= 1);
  });
});
