// Resolves the program to run the way a shell does, so "python3" and "./server" both work and
// a wrong name is reported with where we looked, before anything is started.
import * as fs from 'fs';
import * as path from 'path';
import { LaunchError } from './errors';

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface ResolveProgramOptions {
  /**
   * False when the program is a script that a delegated debugger runs through its interpreter
   * (node, debugpy): it must exist but need not be executable.
   */
  mustBeExecutable?: boolean;
}

/**
 * A program with a '/' is relative to cwd and must exist (and be executable); a bare name is
 * looked up on PATH (an empty PATH entry means cwd, as in POSIX shells). Returns an absolute path.
 */
export function resolveProgram(program: string, cwd: string, pathEnv: string | undefined, options: ResolveProgramOptions = {}): string {
  const mustBeExecutable = options.mustBeExecutable ?? true;
  if (program.length === 0) {
    throw new LaunchError('program-not-found', 'program is empty', 'Set "program" to the program to run.');
  }
  if (program.includes('/')) {
    const file = path.resolve(cwd, program);
    if (!isFile(file)) {
      throw new LaunchError(
        'program-not-found',
        `program "${program}" not found: ${file} is not a file (relative paths are resolved from cwd ${cwd})`,
        'Check "program" and "cwd"; build the program first if it is compiled.',
      );
    }
    if (mustBeExecutable && !isExecutableFile(file)) {
      throw new LaunchError(
        'program-not-found',
        `program "${program}" is not executable: ${file}`,
        `Make it executable (chmod +x ${file}), or run it through its interpreter, e.g. "program": "python3", "args": ["${program}"].`,
      );
    }
    return file;
  }
  // A script debugger (node, debugpy) names its script the way "node server.js" would.
  if (!mustBeExecutable && isFile(path.resolve(cwd, program))) {
    return path.resolve(cwd, program);
  }
  const dirs = (pathEnv ?? '').split(':');
  for (const dir of dirs) {
    const file = path.resolve(cwd, dir === '' ? '.' : dir, program);
    if (isExecutableFile(file)) {
      return file;
    }
  }
  throw new LaunchError(
    'program-not-found',
    `program "${program}" not found on PATH (cwd ${cwd}; PATH searched: ${dirs.map((d) => d || '.').join(':') || '(empty)'})`,
    `Install it, add its directory to PATH in "env", or give its path (for a file in cwd: "./${program}").`,
  );
}
