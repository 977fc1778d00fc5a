// Decides whether a file is something to run under socket_wrapper and how: scripts by
// extension get their interpreter as `program`, executables (ELF, or a shebang with the x bit)
// run directly. Reads at most four bytes of the file.
import * as fs from 'fs';
import * as path from 'path';

export interface WorkspaceProgram {
  /** What a person sees: the path relative to the folder. */
  readonly label: string;
  /** The file itself (absolute). */
  readonly file: string;
  /** The `program` attribute: the interpreter for scripts, the file for executables. */
  readonly program: string;
  readonly args: string[];
  /** The debugger that fits, for "Debug Program…". */
  readonly debuggerType: string;
}

const INTERPRETERS: Record<string, { program: string; debuggerType: string }> = {
  '.py': { program: 'python3', debuggerType: 'debugpy' },
  '.js': { program: 'node', debuggerType: 'node' },
  '.mjs': { program: 'node', debuggerType: 'node' },
  '.cjs': { program: 'node', debuggerType: 'node' },
  '.sh': { program: 'bash', debuggerType: 'none' },
};

/** Classifies one file, or undefined when it is not something to run. */
export function classifyProgram(file: string, folder: string): WorkspaceProgram | undefined {
  const label = path.relative(folder, file) || path.basename(file);
  const interpreter = INTERPRETERS[path.extname(file)];
  if (interpreter) {
    return { label, file, program: interpreter.program, args: [file], debuggerType: interpreter.debuggerType };
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || (stat.mode & 0o111) === 0) {
    return undefined;
  }
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, 4, 0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
  const isElf = head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF';
  const isScript = head[0] === 0x23 && head[1] === 0x21; // "#!"
  if (!isElf && !isScript) {
    return undefined;
  }
  return { label, file, program: file, args: [], debuggerType: isElf ? 'cppdbg' : 'none' };
}

