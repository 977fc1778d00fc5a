// Loads the Node-API addon (build/Release/swdebug_addon.node) from where node-gyp built it,
// or from the same place inside an installed VSIX. The addon is optional at run time: when
// it cannot load, callers get the reason as a value and carry on without it.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

/** What the addon exports; extended as native capabilities land. */
export interface SwdebugAddon {
  readonly abiVersion: number;
  readonly napiVersion: number;
  /** sizeof(sockaddr_un.sun_path) on this platform. */
  sunPathMax(): number;
  kernelRelease(): string | null;
}

export type AddonLoad =
  | { readonly ok: true; readonly addon: SwdebugAddon; readonly file: string }
  | { readonly ok: false; readonly reason: string };

const ADDON_RELATIVE = path.join('build', 'Release', 'swdebug_addon.node');

// webpack rewrites `require`; this one is Node's own (the `module` builtin stays external),
// so it can load a .node file from disk in the bundle and in tsc output alike.
const nodeRequire: NodeJS.Require = createRequire(__filename);

/** The package root: the nearest ancestor of `from` holding our package.json. */
export function findPackageRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const name: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8')).name;
        if (name === 'socket-wrapper-debug') {
          return dir;
        }
      } catch {
        // Not ours or unreadable: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

let cached: AddonLoad | undefined;

/** Loads the addon once per process. `root` overrides the package-root search (tests). */
export function loadAddon(root?: string): AddonLoad {
  if (cached && root === undefined) {
    return cached;
  }
  const base = root ?? findPackageRoot(__dirname);
  let result: AddonLoad;
  if (!base) {
    result = { ok: false, reason: `cannot find the socket-wrapper-debug package root above ${__dirname}` };
  } else {
    const file = path.join(base, ADDON_RELATIVE);
    try {
      const addon = nodeRequire(file) as SwdebugAddon;
      if (typeof addon.sunPathMax !== 'function') {
        result = { ok: false, reason: `${file} is not the socket-wrapper-debug addon (no sunPathMax export)` };
      } else {
        result = { ok: true, addon, file };
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result = { ok: false, reason: `cannot load native addon ${file}: ${message}` };
    }
  }
  if (root === undefined) {
    cached = result;
  }
  return result;
}
