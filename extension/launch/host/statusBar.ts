// The status bar item shown while a session runs: its name, how many of its processes are
// running and how many packets its capture holds. Clicking it stops the session.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { WrapperSession } from '../sessionRegistry';
import type { SessionHost } from './sessionHost';

export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('socketWrapper.session', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: SessionHost,
    private readonly countPackets: (file: string) => number | undefined,
  ) {
    this.item.name = 'socket_wrapper session';
    this.subscription = sessions.registry.onEvent(() => this.update());
  }

  private update(): void {
    const session = this.sessions.registry.latest();
    if (!session) {
      this.item.hide();
      if (this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      return;
    }
    this.render(session);
    // The capture grows without events from us; refresh its count while a session runs.
    this.timer ??= setInterval(() => this.update(), 1000);
    this.item.show();
  }

  private render(session: WrapperSession): void {
    const packets = session.pcapFile && fs.existsSync(session.pcapFile) ? this.countPackets(session.pcapFile) : 0;
    const others = this.sessions.registry.all().length - 1;
    const processes = session.pids.size;
    this.item.text = `$(plug) ${session.name}: ${processes} ${processes === 1 ? 'process' : 'processes'}, ${packets ?? '?'} packets${others > 0 ? ` (+${others})` : ''}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**socket_wrapper session "${session.name}"**\n\n- socket directory: \`${session.dir}\`\n- capture: ${session.pcapFile ? `\`${session.pcapFile}\`` : 'off'}\n- processes: ${[...session.pids].join(', ') || 'none running'}\n\nClick to stop the session.`,
    );
    this.item.command = { title: 'Stop Session', command: 'socketWrapper.stopSession', arguments: [session.name] };
  }

  dispose(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.subscription.dispose();
    this.item.dispose();
  }
}
