// Resolves "socket_wrapper" launch configurations: validates them, prepares the session
// (library, program, socket directory, capture) and either keeps the type for the inline
// runner (`"debugger": "none"`) or turns it into another debugger's configuration with the
// wrapper environment in that debugger's own env field, so only the debuggee is wrapped.
// Every failure is one clear message and `undefined`, which aborts the launch: no
// half-started session.
//
// Delegation happens in resolveDebugConfiguration, the only step after which VS Code
// re-resolves a configuration whose type changed (so the other debugger's own provider
// completes it, e.g. js-debug turning "node" into "pwa-node"). That step runs before
// variable substitution, so the path variables are substituted here (see ../variables.ts).
import * as path from 'path';
import * as vscode from 'vscode';
import { LaunchError } from '../errors';
import { normalizeLaunchConfig, type LaunchConfig } from '../options';
import { delegatedConfiguration } from '../delegate';
import type { RunTarget } from '../runAdapter';
import { remainingVariable, substituteDeep, type VariableContext } from '../variables';
import type { Log } from '../../common/host/log';
import { RESOURCES_ATTRIBUTE, SESSION_ATTRIBUTE, type SessionHost } from './sessionHost';
import { installedDebugTypes, providerOf } from './installedDebuggers';
import { reportLaunchError } from './errorReporting';
import { findWorkspacePrograms } from './workspacePrograms';

export const DEBUG_TYPE = 'socket_wrapper';
/** Where the inline runner finds what to run in a resolved configuration. */
export const TARGET_ATTRIBUTE = '__socketWrapperTarget';

/** Attributes that must be real paths or values before the session can be prepared. */
const MUST_RESOLVE = ['program', 'cwd', 'envFile', 'socketWrapper'] as const;

export class SocketWrapperConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly sessions: SessionHost,
    private readonly log: Log,
    private readonly tracerPath: () => string | undefined,
  ) {}

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.type && !config.request && !config.name) {
      return this.forActiveFile(folder);
    }
    const debuggerType = typeof config.debugger === 'string' ? config.debugger : 'none';
    if (debuggerType === 'none') {
      return config; // Prepared after variable substitution, below.
    }
    return this.guarded(debuggerType, async () => {
      const substituted = substituteDeep(config, variableContext(folder));
      for (const key of MUST_RESOLVE) {
        const left = remainingVariable(JSON.stringify(substituted[key] ?? ''));
        if (left) {
          throw new LaunchError('invalid-config', `"${key}" uses ${left}, which cannot be resolved before handing the program to "${debuggerType}".`, 'Write the value out, or use ${workspaceFolder}, ${file}, ${env:NAME} and the other predefined path variables.');
        }
      }
      const cfg = this.validate(folder, substituted);
      this.requireInstalled(cfg, config.name as string);
      const { prepared, sessionName } = await this.sessions.prepareMember(cfg, config.name as string, this.tracerPath());
      const delegated = delegatedConfiguration(cfg, prepared.programPath, prepared.delta, config.name as string);
      this.log.info(`"${config.name as string}": handing the program to ${cfg.debugger} in session "${sessionName}"`);
      return { ...(delegated as vscode.DebugConfiguration), [SESSION_ATTRIBUTE]: sessionName, [RESOURCES_ATTRIBUTE]: this.sessions.resourcesOf(sessionName) };
    });
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    return this.guarded(undefined, async () => {
      const cfg = this.validate(folder, config);
      const { prepared, sessionName } = await this.sessions.prepareMember(cfg, config.name as string, this.tracerPath());
      const target: RunTarget = { programPath: prepared.programPath, args: prepared.args, cwd: prepared.cwd, env: prepared.env };
      return { ...config, [SESSION_ATTRIBUTE]: sessionName, [RESOURCES_ATTRIBUTE]: this.sessions.resourcesOf(sessionName), [TARGET_ATTRIBUTE]: target };
    });
  }

  /** F5 with no launch.json: run the active file's program. */
  private forActiveFile(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration | undefined {
    const file = vscode.window.activeTextEditor?.document.uri;
    if (!file || file.scheme !== 'file') {
      void vscode.window.showErrorMessage('socket_wrapper: open the program to run, or add a "socket_wrapper" configuration to launch.json.');
      return undefined;
    }
    return { type: DEBUG_TYPE, request: 'launch', name: `Run ${path.basename(file.fsPath)} under socket_wrapper`, program: file.fsPath, cwd: folder?.uri.fsPath ?? path.dirname(file.fsPath) };
  }

  /** Trust, then the configuration's own validity. */
  private validate(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): LaunchConfig {
    if (!vscode.workspace.isTrusted) {
      throw new LaunchError('untrusted-workspace', 'this workspace is not trusted, and running a program under socket_wrapper executes code from it.', 'Trust the workspace to run it.');
    }
    const defaultCwd = folder?.uri.fsPath ?? (typeof config.cwd === 'string' ? config.cwd : process.cwd());
    return normalizeLaunchConfig(config as Record<string, unknown>, { cwd: defaultCwd });
  }

  private requireInstalled(cfg: LaunchConfig, configName: string): void {
    const type = cfg.debugger === 'pwa-node' ? 'node' : cfg.debugger;
    if (!installedDebugTypes().has(type)) {
      const provider = providerOf(cfg.debugger);
      throw new LaunchError(
        'debugger-not-installed',
        `the debugger "${cfg.debugger}" named in "${configName}" is not installed.`,
        provider ? `Install the ${provider.name} extension (${provider.id}).` : 'Install an extension that provides it, or use "debugger": "none".',
      );
    }
  }

  /** Runs a resolution step; any failure is reported once and aborts the launch. */
  private async guarded(debuggerType: string | undefined, step: () => Promise<vscode.DebugConfiguration>): Promise<vscode.DebugConfiguration | undefined> {
    try {
      return await step();
    } catch (err) {
      void reportLaunchError(err, this.log, debuggerType ? providerOf(debuggerType)?.id : undefined);
      return undefined;
    }
  }
}

function variableContext(folder: vscode.WorkspaceFolder | undefined): VariableContext {
  const folders: Record<string, string> = {};
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    folders[f.name] = f.uri.fsPath;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return {
    workspaceFolder: (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath,
    folders,
    file: active?.scheme === 'file' ? active.fsPath : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Dynamic configurations ("Run <program> under socket_wrapper" in the Run and Debug picker).
 * A separate provider object: registering the resolving provider twice would resolve twice.
 */
export class WorkspaceProgramConfigurations implements vscode.DebugConfigurationProvider {
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
