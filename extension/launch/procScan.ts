// Reads the process table from /proc: who is whose child, which group, and which processes
// carry a given environment marker. Used to find every process a launch started, including
// ones that left its process group (setsid, setpgid) or were re-parented when their parent died.
import * as fs from 'fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** 'Z' (zombie) and 'X' (dead) processes are already gone for our purposes. */
  state: string;
}

/** Parses /proc/<pid>/stat; the command name is in parentheses and may contain ') '. */
export function parseProcStat(text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (open < 0 || close < open) {
    return undefined;
  }
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  const [state, ppid, pgid] = [fields[0], Number(fields[1]), Number(fields[2])];
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid) || state === undefined) {
    return undefined;
  }
  return { pid, ppid, pgid, state };
}

export function listProcesses(procRoot = '/proc'): ProcInfo[] {
  const out: ProcInfo[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(procRoot);
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const info = parseProcStat(fs.readFileSync(`${procRoot}/${name}/stat`, 'utf8'));
      if (info) {
        out.push(info);
      }
    } catch {
      // The process exited between readdir and read: nothing to do.
    }
  }
  return out;
}

function hasEnvEntry(pid: number, entry: string, procRoot: string): boolean {
  try {
    const environ = fs.readFileSync(`${procRoot}/${pid}/environ`);
    // Entries are NUL-terminated; a leading NUL makes the first entry match like the others.
    return Buffer.concat([Buffer.from([0]), environ]).includes(Buffer.from(`\0${entry}\0`));
  } catch {
    // Not ours to read (another user) or gone.
    return false;
  }
}

/**
 * Live processes of a launch: the root, its descendants, members of its process group, and
 * any process whose environment holds `marker` (NAME=value) together with their descendants.
 */
export function findTree(rootPid: number, marker: string | undefined, procRoot = '/proc'): number[] {
  const procs = listProcesses(procRoot).filter((p) => p.state !== 'Z' && p.state !== 'X');
  const children = new Map<number, number[]>();
  for (const p of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const found = new Set<number>();
  const seeds = procs.filter((p) => p.pid === rootPid || p.pgid === rootPid || (marker !== undefined && p.pid !== process.pid && hasEnvEntry(p.pid, marker, procRoot)));
  const queue = seeds.map((p) => p.pid);
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid) || pid === process.pid) {
      continue;
    }
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...found];
}
