// Which debug types the installed extensions contribute, so a configuration that delegates
// to an absent debugger fails with a message naming the extension to install.
import * as vscode from 'vscode';

/** Extensions that provide each debugger a configuration may delegate to. */
const PROVIDERS: Record<string, { id: string; name: string }> = {
  cppdbg: { id: 'ms-vscode.cpptools', name: 'C/C++' },
  lldb: { id: 'vadimcn.vscode-lldb', name: 'CodeLLDB' },
  gdb: { id: 'webfreak.debug', name: 'Native Debug' },
  node: { id: 'ms-vscode.js-debug', name: 'JavaScript Debugger (built in)' },
  'pwa-node': { id: 'ms-vscode.js-debug', name: 'JavaScript Debugger (built in)' },
  debugpy: { id: 'ms-python.debugpy', name: 'Python Debugger' },
};

export function installedDebugTypes(): Set<string> {
  const types = new Set<string>();
  for (const ext of vscode.extensions.all) {
    const debuggers: unknown = ext.packageJSON?.contributes?.debuggers;
    if (Array.isArray(debuggers)) {
      for (const d of debuggers) {
        if (d && typeof d.type === 'string') {
          types.add(d.type);
        }
      }
    }
  }
  return types;
}

/** The extension that would provide `type`, for the "not installed" message. */
export function providerOf(type: string): { id: string; name: string } | undefined {
  return PROVIDERS[type];
}
