// The Passed FDs tree as data: sections, grouping by sender or time order, the process tree
// (children under their parent, a reused pid kept apart), one session or several.
import * as assert from 'assert';
import { analyzeTrace } from '../../../extension/fdtrace/analyze';
import type { SessionTrace } from '../../../extension/fdtrace/sessionTraces';
import { buildTree, viewDescription, type FdsNode } from '../../../extension/fdtrace/tree';
import type { TraceRecord } from '../../../extension/fdtrace/records';
import { FILE, message, pairEnd, rec, TCP_ACCEPTED } from './traceLines';

const RECORDS: TraceRecord[] = [
  rec('start', 100, 10, { ppid: 1, exe: '/srv/prefork-server', argv: '/srv/prefork-server\0--workers\x002' }),
  rec('fork', 110, 11, { ppid: 10 }),
  rec('fork', 111, 12, { ppid: 10 }),
  ...message('send', 150, 10, 1, pairEnd(3, 201, 202), [{ fd: 6, ...TCP_ACCEPTED }]),
  ...message('recv', 160, 11, 1, pairEnd(4, 202, 201), [{ fd: 3, ...TCP_ACCEPTED }]),
  ...message('send', 170, 10, 2, pairEnd(5, 203, 204), [{ fd: 6, ...FILE }]),
  rec('exit', 200, 12, { status: 1 }),
];

function trace(name: string, records: TraceRecord[], running = true): SessionTrace {
  return { name, file: `/tmp/${name}.fdtrace`, running, analysis: analyzeTrace(records), stats: { records: records.length, malformed: 0, unknown: 0, problems: [] }, error: null };
}

/** "label — description" lines, indented by depth. */
function render(nodes: readonly FdsNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.label}${n.description ? ` — ${n.description}` : ''}`, ...render(n.children, depth + 1)]);
}

describe('Passed FDs tree', () => {
  it('groups handoffs under the process that sent them, above the process tree', () => {
    assert.deepStrictEqual(render(buildTree([trace('prefork', RECORDS)], 'process')).map((l) => l.replace(/ — \d\d:\d\d:\d\d\.\d{6}$/, ' — TIME')), [
      'Handoffs — 2 passed, 1 in flight',
      '  prefork-server (pid 10) — 2 passed',
      '    fd 6 → pid 11 fd 3: TCP 127.0.0.10:7777 ↔ 127.0.0.11:40001 (received) — TIME',
      '    fd 6 → not received yet: file /etc/hostname (in-flight) — TIME',
      'Processes — 3, 2 running',
      '  prefork-server (pid 10) — running · --workers 2',
      '    prefork-server (pid 11) — running · --workers 2',
      '    prefork-server (pid 12) — exited 1 · --workers 2',
    ]);
  });

  it('lists handoffs in time order with the sender on each line', () => {
    const [handoffs] = buildTree([trace('prefork', RECORDS)], 'time');
    assert.deepStrictEqual(handoffs.children.map((n) => n.label), [
      'pid 10 fd 6 → pid 11 fd 3: TCP 127.0.0.10:7777 ↔ 127.0.0.11:40001 (received)',
      'pid 10 fd 6 → not received yet: file /etc/hostname (in-flight)',
    ]);
    const socket = handoffs.children[0];
    assert.ok(socket.kind === 'handoff');
    assert.strictEqual(socket.filter, 'tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==40001 && ip.addr==127.0.0.11');
    const file = handoffs.children[1];
    assert.ok(file.kind === 'handoff' && file.filter === null);
  });

  it('says so when nothing was passed yet, and shows a node per session when there are several', () => {
    const empty = trace('quiet', [rec('start', 1, 5, { argv: 'sleep\x00100' })]);
    assert.deepStrictEqual(render(buildTree([empty], 'process')), ['Handoffs — 0 passed', '  No fds passed yet', 'Processes — 1, 1 running', '  sleep (pid 5) — running · 100']);
    const two = buildTree([trace('a', RECORDS), trace('b', RECORDS, false)], 'process');
    assert.deepStrictEqual(two.map((n) => `${n.label} — ${n.description}`), ['a — running · 2 passed', 'b — ended · 2 passed']);
    assert.notStrictEqual(two[0].children[0].id, two[1].children[0].id, 'ids are per session');
    assert.strictEqual(viewDescription([trace('prefork', RECORDS, false)]), 'prefork · ended');
    assert.strictEqual(viewDescription([trace('a', RECORDS), trace('b', RECORDS, false)]), undefined, 'several sessions: each node says it');
  });

  it('keeps ids stable across refreshes, so expanded nodes stay expanded', () => {
    const ids = (records: TraceRecord[]): string[] => {
      const walk = (nodes: readonly FdsNode[]): string[] => nodes.flatMap((n) => [n.id, ...walk(n.children)]);
      return walk(buildTree([trace('s', records)], 'process'));
    };
    const before = ids(RECORDS.slice(0, 5));
    const after = ids(RECORDS);
    assert.ok(before.filter((id) => !id.includes('/h/')).every((id) => after.includes(id)), `${before} vs ${after}`);
  });
});
