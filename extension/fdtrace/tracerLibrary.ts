// Where the fd tracer preload library is: build/Release/libswdebug_fdtrace.so in the package
// (node-gyp builds it there, and the VSIX ships it at the same place). Optional at run time:
// undefined when it was not built, and launches then run without it.
import * as fs from 'fs';
import * as path from 'path';
import { findPackageRoot } from '../native/addon';

export const TRACER_RELATIVE = path.join('build', 'Release', 'libswdebug_fdtrace.so');
/** The variable the tracer reads: the trace file to append to. */
export const TRACE_FILE_ENV = 'SWDEBUG_FD_TRACE';

/** The tracer in the package at `root` (default: the package this code runs from). */
export function findTracerLibrary(root?: string): string | undefined {
  const base = root ?? findPackageRoot(__dirname);
  if (base === undefined) {
    return undefined;
  }
  const file = path.join(base, TRACER_RELATIVE);
  return fs.existsSync(file) ? file : undefined;
}
