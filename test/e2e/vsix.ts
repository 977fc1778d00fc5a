// The VSIX the e2e tests install: the one scripts/package.sh writes, rebuilt when it is
// missing or older than anything that goes into it, so a test never installs stale code.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const VSIX = path.join(REPO_ROOT, 'socket-wrapper-debug-linux-x64.vsix');

function inputs(): string[] {
  const inDir = (dir: string, ext: string): string[] => {
    const full = path.join(REPO_ROOT, dir);
    return fs.existsSync(full) ? fs.readdirSync(full).filter((f) => f.endsWith(ext)).map((f) => path.join(full, f)) : [];
  };
  return [
    ...['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'bin/swdebug'].map((f) => path.join(REPO_ROOT, f)),
    ...inDir('dist', '.js'),
    ...inDir('build/Release', '.node'),
    ...inDir('build/Release', '.so'),
  ].filter((f) => fs.existsSync(f));
}

export function ensureVsix(): string {
  const built = fs.existsSync(VSIX) ? fs.statSync(VSIX).mtimeMs : 0;
  const stale = inputs().find((f) => fs.statSync(f).mtimeMs > built);
  if (stale !== undefined) {
    console.log(`      (packaging: ${path.relative(REPO_ROOT, VSIX)} is ${built ? `older than ${path.relative(REPO_ROOT, stale)}` : 'missing'})`);
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'package.sh')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return VSIX;
}
