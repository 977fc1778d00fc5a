// Runs the VS Code suite (out/test/suite) inside a real extension host, in one of two hosts:
//  - desktop VS Code through @vscode/test-electron, when VSCODE_EXECUTABLE names one;
//  - otherwise code-server (VS Code 1.100.3 in headless Chromium) through the workbench's
//    `payload` URL parameter, which sets extensionDevelopmentPath/extensionTestsPath just as
//    the desktop command line does; the workbench reports the extension host's exit code by
//    calling window.codeAutomationExit, which this runner provides.
// Either way the suite appends its results to SWDEBUG_SUITE_REPORT (see test/suite/index.ts);
// this runner prints that file and fails unless at least one test ran and none failed.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser } from './harness/browser';
import { startCodeServer, tail } from './harness/codeServer';
import type { SuiteSummary } from './suite/index';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SUITE_INDEX = path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const SCREENSHOT = path.join(RESULTS_DIR, 'suite-final.png');
const CONSOLE_LOG = path.join(RESULTS_DIR, 'suite-console.log');
const TIMEOUT_MS = Number(process.env.SWDEBUG_SUITE_TIMEOUT_MS ?? 5 * 60_000);

type Outcome = { readonly exitCode: number } | { readonly problem: string };

function checkPrerequisites(): void {
  const needed: Array<[string, string]> = [
    [path.join(REPO_ROOT, 'dist', 'extension.js'), 'npm run build'],
    [SUITE_INDEX, 'npm run compile-tests'],
  ];
  for (const [file, command] of needed) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing; run "${command}" first`);
    }
  }
}

async function runInDesktop(executable: string, workspace: string, tmp: string, reportFile: string): Promise<Outcome> {
  try {
    const exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_INDEX,
      extensionTestsEnv: { SWDEBUG_SUITE_REPORT: reportFile },
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions')],
    });
    return { exitCode };
  } catch (err) {
    if (err instanceof TestRunFailedError) {
      return { exitCode: err.code ?? 1 };
    }
    throw err;
  }
}

/** A vscode-remote URI for a path on the code-server machine, as the workbench expects in the payload. */
function remoteUri(port: number, file: string): string {
  return `vscode-remote://127.0.0.1:${port}${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}

interface LogFile {
  readonly relativePath: string;
  readonly contents: string;
}

function isLogFile(value: unknown): value is LogFile {
  const v = value as Partial<LogFile> | null;
  return typeof v?.relativePath === 'string' && typeof v.contents === 'string';
}

// The workbench hands over its logs (window, extension host, remote agent) with the exit
// code; they are what you need when a run fails for a reason outside the tests.
function saveLogs(logs: unknown): void {
  const dir = path.join(RESULTS_DIR, 'suite-logs');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const log of Array.isArray(logs) ? logs.filter(isLogFile) : []) {
    const file = path.join(dir, path.normalize(log.relativePath).replace(/^(\.\.[/\\])+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log.contents);
  }
}

async function runInCodeServer(workspace: string, tmp: string, reportFile: string): Promise<Outcome> {
  // The extension host inherits code-server's environment, so the report path reaches the suite.
  const server = await startCodeServer({ baseDir: path.join(tmp, 'code-server'), env: { SWDEBUG_SUITE_REPORT: reportFile } });
  const browser = await launchBrowser();
  let timer: NodeJS.Timeout | undefined;
  try {
    const { page } = browser;
    let report: (outcome: Outcome) => void = () => undefined;
    const reported = new Promise<Outcome>((resolve) => (report = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
      saveLogs(logs);
      report({ exitCode: typeof code === 'number' ? code : 1 });
    });
    timer = setTimeout(
      () => report({ problem: `the workbench did not report a result within ${TIMEOUT_MS / 1000} s (see ${SCREENSHOT}); code-server log:\n${tail(server.logFile)}` }),
      TIMEOUT_MS,
    );
    // The workbench console carries the extension host's console too (mocha's own spec
    // output, load errors that happen before any test); kept whole for failed runs.
    const consoleLog = fs.createWriteStream(CONSOLE_LOG);
    page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text().replace(/^%c\s*(\w+)\s+color: #\w+ /, '$1 ')}\n`));
    page.on('pageerror', (err) => console.error(`[workbench] page error: ${err.message}`));
    page.on('crash', () => console.error('[workbench] the page crashed'));
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, REPO_ROOT)],
      ['extensionTestsPath', remoteUri(server.port, SUITE_INDEX)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`runSuite: code-server ${server.url}, workspace ${workspace}`);
    await page.goto(url);
    const outcome = await reported;
    consoleLog.end();
    await page.screenshot({ path: SCREENSHOT }).catch((err: unknown) => console.error(`runSuite: no screenshot: ${String(err)}`));
    return outcome;
  } finally {
    clearTimeout(timer);
    await browser.close();
    await server.stop();
  }
}

function readSummary(reportFile: string): { text: string; summary?: SuiteSummary } {
  const lines = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8').trimEnd().split('\n') : [];
  try {
    const parsed = JSON.parse(lines[lines.length - 1] ?? '') as Partial<SuiteSummary>;
    if (parsed.summary === true) {
      return { text: lines.slice(0, -1).join('\n'), summary: parsed as SuiteSummary };
    }
  } catch {
    // The suite did not get as far as its summary line.
  }
  return { text: lines.join('\n') };
}

function verdict(outcome: Outcome, reportFile: string): number {
  const { text, summary } = readSummary(reportFile);
  console.log('---- VS Code suite (extension host) ----');
  console.log(text.trimEnd() || '(the suite wrote no results)');
  console.log('----------------------------------------');
  const problems: string[] = [];
  if ('problem' in outcome) {
    problems.push(outcome.problem);
  } else if (outcome.exitCode !== 0) {
    problems.push(`the extension host exited with code ${outcome.exitCode}`);
  }
  if (!summary) {
    problems.push('the suite never finished (no summary in its report)');
  } else if (summary.tests === 0) {
    problems.push('zero tests ran');
  } else {
    console.log(`${summary.passes} passing, ${summary.failures} failing, ${summary.pending} pending`);
  }
  problems.forEach((problem) => console.error(`runSuite: FAILED: ${problem}`));
  if (problems.length > 0 && !process.env.VSCODE_EXECUTABLE) {
    console.error(`runSuite: the workbench console (extension host output included) is in ${CONSOLE_LOG}, workbench logs in ${path.join(RESULTS_DIR, 'suite-logs')}`);
  }
  return problems.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  checkPrerequisites();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swdebug-suite-'));
  const workspace = path.join(tmp, 'echo');
  fs.cpSync(path.join(REPO_ROOT, 'samples', 'echo'), workspace, { recursive: true });
  const reportFile = path.join(tmp, 'suite-report.txt');
  try {
    const executable = process.env.VSCODE_EXECUTABLE;
    if (executable && !fs.existsSync(executable)) {
      throw new Error(`VSCODE_EXECUTABLE=${executable} does not exist`);
    }
    console.log(`runSuite: running ${SUITE_INDEX} in ${executable ? `desktop VS Code ${executable}` : 'code-server'}`);
    const outcome = executable ? await runInDesktop(executable, workspace, tmp, reportFile) : await runInCodeServer(workspace, tmp, reportFile);
    return verdict(outcome, reportFile);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`runSuite: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
