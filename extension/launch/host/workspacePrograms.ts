// Finds what in a workspace can be run under socket_wrapper: executables (ELF or with a
// shebang and the x bit) and scripts by extension (.py, .js, .mjs, .sh). Used by the dynamic
// configuration provider and by "Run/Debug Program Under socket_wrapper…".
import * as vscode from 'vscode';
import { classifyProgram, type WorkspaceProgram } from '../programKind';

export type { WorkspaceProgram };

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.cache/**,**/out/**,**/dist/**,**/build/**/*.o}';
const LIMIT = 400;

export async function findWorkspacePrograms(folder: vscode.WorkspaceFolder | undefined): Promise<WorkspaceProgram[]> {
  const folders = folder ? [folder] : vscode.workspace.workspaceFolders ?? [];
  const found: WorkspaceProgram[] = [];
  for (const f of folders) {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(f, '**/*'), EXCLUDE, LIMIT);
    for (const uri of uris) {
      const program = classifyProgram(uri.fsPath, f.uri.fsPath);
      if (program) {
        found.push(program);
      }
    }
  }
  return found.sort((a, b) => a.label.localeCompare(b.label));
}
