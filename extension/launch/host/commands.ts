// The "socket_wrapper" palette commands of the launch concern: run or debug a program
// under the wrapper, a terminal inside a session, the session's environment for a shell,
// its socket directory, and Stop Session.
import * as path from 'path';
import * as vscode from 'vscode';
import { normalizeLaunchConfig } from '../options';
import { shellExports } from '../environment';
import type { WrapperSession } from '../sessionRegistry';
import type { Log } from '../../common/host/log';
import type { SessionHost } from './sessionHost';
import { DEBUG_TYPE } from './configurationProvider';
import { findWorkspacePrograms, type WorkspaceProgram } from './workspacePrograms';
import { reportLaunchError } from './errorReporting';

export function registerLaunchCommands(context: vscode.ExtensionContext, sessions: SessionHost, log: Log, tracerPath: () => string | undefined): void {
  const register = (id: string, run: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };
  register('socketWrapper.runProgram', (uri?: unknown) => startProgram(false, uri));
  register('socketWrapper.debugProgram', (uri?: unknown) => startProgram(true, uri));
  register('socketWrapper.newTerminal', () => newTerminal(sessions, log, tracerPath));
  register('socketWrapper.copyEnvironment', () => copyEnvironment(sessions));
  register('socketWrapper.revealSocketDirectory', () => revealSocketDirectory(sessions));
  register('socketWrapper.stopSession', (name?: unknown) => stopSession(sessions, typeof name === 'string' ? name : undefined));
  context.subscriptions.push(
    vscode.window.onDidCloseTerminal((t) => {
      const member = terminalMembers.get(t);
      if (member) {
        terminalMembers.delete(t);
        sessions.removeMember(member);
      }
    }),
  );
}

const terminalMembers = new Map<vscode.Terminal, string>();
let terminalSerial = 0;

/** Picks a program (the argument's file, or a quick pick of the workspace's) and starts it. */
async function startProgram(debug: boolean, arg: unknown): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  let program: WorkspaceProgram | undefined;
  const programs = await findWorkspacePrograms(undefined);
  if (arg instanceof vscode.Uri) {
    program = programs.find((p) => p.file === arg.fsPath);
    if (!program) {
      void vscode.window.showErrorMessage(`socket_wrapper: ${arg.fsPath} is neither an executable nor a script (.py, .js, .sh).`);
      return false;
    }
  } else {
    const browse = { label: '$(folder-opened) Browse…', program: undefined };
    const picked = await vscode.window.showQuickPick(
      [...programs.map((p) => ({ label: p.label, description: p.program === p.file ? 'executable' : p.program, program: p })), browse],
      { title: debug ? 'Debug Program Under socket_wrapper' : 'Run Program Under socket_wrapper', placeHolder: 'Program to run on the emulated network' },
    );
    if (!picked) {
      return false;
    }
    if (picked.program) {
      program = picked.program;
    } else {
      const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Run under socket_wrapper', defaultUri: folder?.uri });
      if (!chosen?.[0]) {
        return false;
      }
      program = { label: path.basename(chosen[0].fsPath), file: chosen[0].fsPath, program: chosen[0].fsPath, args: [], debuggerType: 'cppdbg' };
    }
  }
  const debuggerType = debug ? program.debuggerType : 'none';
  return vscode.debug.startDebugging(folder, {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `${debug ? 'Debug' : 'Run'} ${program.label} under socket_wrapper`,
    program: program.program,
    args: program.args,
    cwd: folder?.uri.fsPath ?? path.dirname(program.file),
    debugger: debuggerType,
  });
}

/** Chooses among running sessions: none → undefined, one → it, several → ask. */
async function pickSession(sessions: SessionHost, purpose: string): Promise<WrapperSession | undefined> {
  const all = sessions.registry.all();
  if (all.length <= 1) {
    if (all.length === 0) {
      void vscode.window.showInformationMessage(`socket_wrapper: no session is running. Start one with F5 on a "socket_wrapper" configuration, then ${purpose}.`);
    }
    return all[0];
  }
  const picked = await vscode.window.showQuickPick(
    all.map((s) => ({ label: s.name, description: s.dir, session: s })),
    { placeHolder: `Session to ${purpose}` },
  );
  return picked?.session;
}

async function newTerminal(sessions: SessionHost, log: Log, tracerPath: () => string | undefined): Promise<vscode.Terminal | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const cwd = folder?.uri.fsPath ?? process.env.HOME ?? '/';
  const shell = vscode.env.shell || process.env.SHELL || '/bin/sh';
  const joined = sessions.registry.latest();
  try {
    const cfg = normalizeLaunchConfig({ program: shell, cwd, socketWrapper: joined ? { session: joined.name } : {} }, { cwd });
    const { prepared, sessionName } = await sessions.prepareMember(cfg, 'terminal', tracerPath());
    terminalSerial += 1;
    const terminal = vscode.window.createTerminal({
      name: `socket_wrapper: ${sessionName}`,
      cwd: prepared.cwd,
      env: prepared.delta,
      iconPath: new vscode.ThemeIcon('plug'),
      message: `socket_wrapper session "${sessionName}": SOCKET_WRAPPER_DIR=${prepared.dir}${prepared.pcapFile ? `, capture ${prepared.pcapFile}` : ''}`,
    });
    const member = `terminal:${terminalSerial}`;
    terminalMembers.set(terminal, member);
    sessions.addMember(sessionName, member, () => terminal.dispose());
    terminal.show();
    return terminal;
  } catch (err) {
    void reportLaunchError(err, log);
    return undefined;
  }
}

async function copyEnvironment(sessions: SessionHost): Promise<string | undefined> {
  const session = await pickSession(sessions, 'copy its environment');
  if (!session) {
    return undefined;
  }
  const text = `# socket_wrapper session "${session.name}"\n${shellExports(session.envDelta)}`;
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(`socket_wrapper: export lines for session "${session.name}" copied; paste them into any shell to join its network.`);
  return text;
}

async function revealSocketDirectory(sessions: SessionHost): Promise<string | undefined> {
  const session = await pickSession(sessions, 'reveal its socket directory');
  if (!session) {
    return undefined;
  }
  const uri = vscode.Uri.file(session.dir);
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else if (!vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } else {
    const choice = await vscode.window.showInformationMessage(`socket_wrapper: session "${session.name}" sockets are in ${session.dir}`, 'Copy Path', 'Open Terminal There');
    if (choice === 'Copy Path') {
      await vscode.env.clipboard.writeText(session.dir);
    } else if (choice === 'Open Terminal There') {
      vscode.window.createTerminal({ name: `sockets: ${session.name}`, cwd: session.dir }).show();
    }
  }
  return session.dir;
}

async function stopSession(sessions: SessionHost, name: string | undefined): Promise<void> {
  const session = name ? sessions.registry.get(name) : await pickSession(sessions, 'stop');
  if (session) {
    await sessions.stopSession(session.name);
  }
}
