// Resolves "socket_wrapper" launch configurations: validates them, prepares the session
// (library, program, socket directory, capture) and either keeps the type for the inline
// runner (`"debugger": "none"`) or turns it into another debugger's configuration with the
// wrapper environment in that debugger's own env field, so only the debuggee is wrapped.
// Every failure is one clear message and `undefined`, which aborts the launch: no
// half-started session.
import * as path from 'path';
import * as vscode from 'vscode';
import { LaunchError } from '../errors';
import { normalizeLaunchConfig } from '../options';
import { delegatedConfiguration } from '../delegate';
import type { RunTarget } from '../runAdapter';
import type { Log } from '../../common/host/log';
import { SESSION_ATTRIBUTE, type SessionHost } from './sessionHost';
import { installedDebugTypes, providerOf } from './installedDebuggers';
import { reportLaunchError } from './errorReporting';
import { findWorkspacePrograms } from './workspacePrograms';

export const DEBUG_TYPE = 'socket_wrapper';
/** Where the inline runner finds what to run in a resolved configuration. */
export const TARGET_ATTRIBUTE = '__socketWrapperTarget';

export class SocketWrapperConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly sessions: SessionHost,
    private readonly log: Log,
    private readonly tracerPath: () => string | undefined,
  ) {}

  /** F5 with no launch.json: run the active file's program if it is runnable. */
  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const file = vscode.window.activeTextEditor?.document.uri;
      if (!file || file.scheme !== 'file') {
        void vscode.window.showErrorMessage('socket_wrapper: open the program to run, or add a "socket_wrapper" configuration to launch.json.');
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: `Run ${path.basename(file.fsPath)} under socket_wrapper`, program: file.fsPath, cwd: folder?.uri.fsPath ?? path.dirname(file.fsPath) };
    }
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    let delegateTo: string | undefined;
    try {
      if (!vscode.workspace.isTrusted) {
        throw new LaunchError('untrusted-workspace', 'this workspace is not trusted, and running a program under socket_wrapper executes code from it.', 'Trust the workspace to run it.');
      }
      const defaultCwd = folder?.uri.fsPath ?? (typeof config.cwd === 'string' ? config.cwd : process.cwd());
      const cfg = normalizeLaunchConfig(config as Record<string, unknown>, { cwd: defaultCwd });
      if (cfg.debugger !== 'none') {
        delegateTo = cfg.debugger;
        const type = cfg.debugger === 'pwa-node' ? 'node' : cfg.debugger;
        if (!installedDebugTypes().has(type)) {
          const provider = providerOf(cfg.debugger);
          throw new LaunchError(
            'debugger-not-installed',
            `the debugger "${cfg.debugger}" named in "${config.name as string}" is not installed.`,
            provider ? `Install the ${provider.name} extension (${provider.id}).` : 'Install an extension that provides it, or use "debugger": "none".',
          );
        }
      }
      const { prepared, sessionName } = await this.sessions.prepareMember(cfg, config.name as string, this.tracerPath());
      if (cfg.debugger !== 'none') {
        const delegated = delegatedConfiguration(cfg, prepared.programPath, prepared.delta, config.name as string);
        this.log.info(`"${config.name as string}": delegating to ${cfg.debugger} in session "${sessionName}"`);
        return { ...(delegated as vscode.DebugConfiguration), [SESSION_ATTRIBUTE]: sessionName };
      }
      const target: RunTarget = { programPath: prepared.programPath, args: prepared.args, cwd: prepared.cwd, env: prepared.env };
      return { ...config, [SESSION_ATTRIBUTE]: sessionName, [TARGET_ATTRIBUTE]: target };
    } catch (err) {
      void reportLaunchError(err, this.log, delegateTo ? providerOf(delegateTo)?.id : undefined);
      return undefined;
    }
  }
}

/**
 * Dynamic configurations ("Run <program> under socket_wrapper" in the Run and Debug picker).
 * A separate provider object: registering the resolving provider twice would resolve twice.
 */
export class WorkspaceProgramConfigurations implements vscode.DebugConfigurationProvider {
  /** Dynamic configurations: "Run <program> under socket_wrapper" for the workspace's programs. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const programs = await findWorkspacePrograms(folder);
    return programs.map((p) => ({
      type: DEBUG_TYPE,
      request: 'launch',
      name: `Run ${p.label} under socket_wrapper`,
      program: p.program,
      args: p.args,
      cwd: '${workspaceFolder}',
    }));
  }
}
