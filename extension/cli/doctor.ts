// `swdebug doctor`: says whether each part this machine needs can be used: the
// libsocket_wrapper it would preload, the native addon (Sockets view) and the fd tracer.
import { findTracerLibrary } from '../fdtrace/tracerLibrary';
import { findSocketWrapperLibrary } from '../launch/library';
import { loadAddon } from '../native/addon';
import type { CliIO } from './main';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function checks(): Promise<Check[]> {
  const out: Check[] = [];
  try {
    const lib = await findSocketWrapperLibrary({});
    out.push({ name: 'libsocket_wrapper', ok: true, detail: `${lib.path} (found by ${lib.source})` });
  } catch (err) {
    out.push({ name: 'libsocket_wrapper', ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
  const addon = loadAddon();
  out.push(addon.ok ? { name: 'native addon', ok: true, detail: `${addon.file} (sun_path ${addon.addon.sunPathMax()} bytes)` } : { name: 'native addon', ok: false, detail: addon.reason });
  const tracer = findTracerLibrary();
  out.push(tracer ? { name: 'fd tracer', ok: true, detail: tracer } : { name: 'fd tracer', ok: false, detail: 'build/Release/libswdebug_fdtrace.so is not built (npm ci builds it)' });
  return out;
}

export async function doctorCommand(args: string[], io: CliIO): Promise<number> {
  const results = await checks();
  if (args.includes('--json')) {
    io.out(JSON.stringify(results) + '\n');
  } else {
    for (const c of results) {
      io.out(`${c.name}: ${c.ok ? 'ok' : 'unavailable'}: ${c.detail}\n`);
    }
  }
  return results.every((c) => c.ok) ? 0 : 1;
}
