// Wires the Passed FDs view into VS Code: the tree in the Run and Debug side bar, fed by the
// fd traces of the socket_wrapper sessions (the shared TraceFeed follows them while they run
// and the view, or another consumer, needs them; read a last time when they end), the
// grouping toggle, the commands, and where the extension's own tracer library is for launches.
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import type { TraceFeed } from '../traceFeed';
import { findTracerLibrary, TRACER_RELATIVE } from '../tracerLibrary';
import { viewDescription, type GroupMode } from '../tree';
import { registerFdsCommands } from './commands';
import { FdsTreeProvider } from './treeProvider';

export const FDS_VIEW = 'socketWrapper.fds';
/** Context keys the view's welcome text and title buttons depend on. */
const HAS_TRACE_KEY = 'socketWrapper.fds.hasTrace';
const TRACER_KEY = 'socketWrapper.fds.tracerAvailable';
const GROUP_KEY = 'socketWrapper.fds.groupMode';
const GROUP_STATE = 'socketWrapper.fds.groupMode';

/** The tracer shipped inside the extension (build/Release), when it was built. */
export function bundledTracerPath(context: vscode.ExtensionContext): () => string | undefined {
  return () => findTracerLibrary(context.extensionPath);
}

export function registerFds(context: vscode.ExtensionContext, log: Log, feed: TraceFeed): void {
  const tracerAvailable = findTracerLibrary(context.extensionPath) !== undefined;
  if (!tracerAvailable) {
    log.warn(`fd tracer: ${TRACER_RELATIVE} is not in this installation; launches run without it and the Passed FDs view stays empty`);
  }
  const traces = feed.traces;
  const provider = new FdsTreeProvider(traces, context.workspaceState.get<GroupMode>(GROUP_STATE, 'process'));
  const view = vscode.window.createTreeView(FDS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const setContext = (key: string, value: unknown): void => void vscode.commands.executeCommand('setContext', key, value);
  setContext(TRACER_KEY, tracerAvailable);
  setContext(GROUP_KEY, provider.groupMode);

  // Said once per problem: a trace that cannot be read, or lines that had to be skipped.
  const reported = new Set<string>();
  const changes = traces.onChange(() => {
    const all = traces.list();
    provider.refresh();
    view.description = viewDescription(all);
    setContext(HAS_TRACE_KEY, all.length > 0);
    const problems = all.flatMap((t) => [
      ...(t.error === null ? [] : [`session "${t.name}": cannot read ${t.file}: ${t.error}`]),
      ...(t.stats.malformed === 0 ? [] : [`session "${t.name}": skipped ${t.stats.malformed} malformed line(s) of ${t.file}`]),
    ]);
    view.message = problems.length > 0 ? problems.join('\n') : undefined;
    for (const p of problems.filter((x) => !reported.has(x))) {
      reported.add(p);
      log.warn(`Passed FDs: ${p}`);
    }
  });

  const schedule = (): void => feed.demand('fds', view.visible);
  schedule();

  context.subscriptions.push(
    view,
    provider,
    view.onDidChangeVisibility(schedule),
    registerFdsCommands({
      traces,
      setGroupMode: (mode) => {
        provider.setGroupMode(mode);
        setContext(GROUP_KEY, mode);
        void context.workspaceState.update(GROUP_STATE, mode);
      },
    }),
    new vscode.Disposable(() => {
      feed.demand('fds', false);
      changes.dispose();
    }),
  );
}
