// `swdebug doctor`: says whether each native part this machine needs can be used.
import { loadAddon } from '../native/addon';
import type { CliIO } from './main';

export async function doctorCommand(args: string[], io: CliIO): Promise<number> {
  const json = args.includes('--json');
  const addon = loadAddon();
  const report = {
    addon: addon.ok ? { ok: true, file: addon.file, sunPathMax: addon.addon.sunPathMax() } : { ok: false, reason: addon.reason },
  };
  if (json) {
    io.out(JSON.stringify(report) + '\n');
  } else {
    io.out(addon.ok ? `native addon: ok (${addon.file}, sun_path ${addon.addon.sunPathMax()} bytes)\n` : `native addon: unavailable: ${addon.reason}\n`);
  }
  return addon.ok ? 0 : 1;
}
