// Filters the Packet Timeline to one flow, for the views that know flows (Sockets, Passed
// FDs). When no timeline can take the filter, the filter text is offered for copying.
import * as vscode from 'vscode';

export const TIMELINE_FILTER_COMMAND = 'socketWrapper.timeline.filter';

export async function filterTimelineOrOfferCopy(filter: string): Promise<void> {
  const known = await vscode.commands.getCommands(true);
  if (known.includes(TIMELINE_FILTER_COMMAND)) {
    await vscode.commands.executeCommand(TIMELINE_FILTER_COMMAND, filter);
    return;
  }
  const copy = 'Copy Filter';
  const choice = await vscode.window.showInformationMessage(`The Packet Timeline is not available, so it cannot be filtered. The filter for this flow is: ${filter}`, copy);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(filter);
  }
}
