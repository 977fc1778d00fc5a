// Entry point of the VS Code suite: runs inside the extension host (desktop VS Code through
// @vscode/test-electron, or code-server through the workbench payload, see test/runSuite.ts).
// The extension host's console does not reach the runner reliably in both hosts, so every
// result is also appended to the file named by SWDEBUG_SUITE_REPORT, which the runner prints
// and checks (it fails a run in which no test ran).
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

/** The last line of the report file, parsed by the runner. */
export interface SuiteSummary {
  readonly summary: true;
  readonly tests: number;
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
}

/** SWDEBUG_SUITE_FILES=timelineProcesses,fdtrace runs only those files (by base name, without .test.js). */
function wanted(file: string): boolean {
  const only = process.env.SWDEBUG_SUITE_FILES?.split(',').map((s) => s.trim()).filter(Boolean);
  return only === undefined || only.length === 0 || only.includes(path.basename(file, '.test.js'));
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js') && wanted(file))
    .sort()
    .map((file) => path.join(dir, file));
}

function reporter(): (line: string) => void {
  const file = process.env.SWDEBUG_SUITE_REPORT;
  return (line) => {
    console.log(line);
    if (file) {
      fs.appendFileSync(file, `${line}\n`);
    }
  };
}

export function run(): Promise<void> {
  const report = reporter();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  const files = testFiles(__dirname);
  if (files.length === 0) {
    const none: SuiteSummary = { summary: true, tests: 0, passes: 0, failures: 0, pending: 0 };
    report(JSON.stringify(none));
    return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  }
  files.forEach((file) => mocha.addFile(file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const summary: SuiteSummary = {
        summary: true,
        tests: (stats?.passes ?? 0) + (stats?.failures ?? 0),
        passes: stats?.passes ?? 0,
        failures: stats?.failures ?? failures,
        pending: stats?.pending ?? 0,
      };
      report(JSON.stringify(summary));
      if (failures > 0) {
        reject(new Error(`${failures} test(s) failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', (test) => report(`  ok   ${test.fullTitle()} (${test.duration ?? 0} ms)`));
    runner.on('pending', (test) => report(`  skip ${test.fullTitle()}`));
    runner.on('fail', (test, err: unknown) => {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      report(`  FAIL ${test.fullTitle()}\n${detail.replace(/^/gm, '       ')}`);
    });
  });
}
