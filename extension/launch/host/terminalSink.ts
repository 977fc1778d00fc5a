// The integrated-terminal console for `"console": "integratedTerminal"` and for tasks: a
// Pseudoterminal that shows what a process writes (LF turned into CRLF for the terminal)
// and passes typed input to its stdin.
import * as vscode from 'vscode';

export interface ProcessTerminal {
  readonly terminal: vscode.Terminal;
  write(text: string): void;
  close(status: string): void;
}

export function createProcessTerminal(name: string, onInput: (data: string) => void, onClosedByUser: () => void): ProcessTerminal {
  const writer = new vscode.EventEmitter<string>();
  let open = false;
  const pending: string[] = [];
  const pty: vscode.Pseudoterminal = {
    onDidWrite: writer.event,
    open: () => {
      open = true;
      for (const chunk of pending.splice(0)) {
        writer.fire(chunk);
      }
    },
    close: () => onClosedByUser(),
    handleInput: (data) => {
      // The program reads a pipe, not a tty: echo locally and send Enter as a newline.
      const text = data.replace(/\r/g, '\n');
      writer.fire(text.replace(/\n/g, '\r\n'));
      onInput(text);
    },
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
  terminal.show(true);
  const write = (text: string): void => {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    if (open) {
      writer.fire(crlf);
    } else {
      pending.push(crlf);
    }
  };
  return {
    terminal,
    write,
    close: (status) => write(`\n[${status}]\n`),
  };
}
