// Turns the records of a trace into what the Passed FDs view and `swdebug fds` show: the
// handoffs, the process table and the sockets with who held them when. Records are replayed
// in time order (the file is in write order, see FORMAT.md); the whole trace is analysed
// each time, which for the thousands of records of a session takes milliseconds.
import { matchHandoffs, type Handoff } from './handoffs';
import { HolderTable, type SocketInfo } from './holders';
import { groupMessages } from './messages';
import { ProcessTable, type ProcessInfo } from './processes';
import type { PassRecord, TraceRecord } from './records';

export interface AnalyzeOptions {
  /** The session is over: what nobody received by now never will be. */
  readonly sessionEnded?: boolean;
}

export interface TraceAnalysis {
  readonly processes: readonly ProcessInfo[];
  readonly handoffs: readonly Handoff[];
  readonly sockets: readonly SocketInfo[];
  /** Every traced process ended (or the session did): nothing is in flight any more. */
  readonly finished: boolean;
  readonly firstTime: number | null;
  readonly lastTime: number | null;
}

function isPass(r: TraceRecord): r is PassRecord {
  return r.event === 'send' || r.event === 'recv';
}

export function analyzeTrace(records: readonly TraceRecord[], options: AnalyzeOptions = {}): TraceAnalysis {
  // Array.prototype.sort is stable: records with the same time keep their file order.
  const sorted = [...records].sort((a, b) => a.time - b.time);
  const processes = new ProcessTable();
  const holders = new HolderTable();
  for (const r of sorted) {
    processes.apply(r);
    holders.apply(r);
  }
  const finished = options.sessionEnded === true || processes.allEnded();
  const handoffs = matchHandoffs(groupMessages(sorted.filter(isPass)), { holders, finished });
  return {
    processes: processes.list(),
    handoffs,
    sockets: holders.sockets(),
    finished,
    firstTime: sorted.length > 0 ? sorted[0].time : null,
    lastTime: sorted.length > 0 ? sorted[sorted.length - 1].time : null,
  };
}
