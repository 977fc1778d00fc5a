// Wires the Sockets view into VS Code: the tree in the Run and Debug side bar, fed by a
// poller that runs only while a socket_wrapper session runs and the view is visible, the
// warning decoration for unread data, and the view's commands. A session with an fd trace
// names what the kernel cannot (unnamed sockets, closed peers) from the trace: the shared
// TraceFeed is kept fresh while the view is visible.
import * as vscode from 'vscode';
import type { Log } from '../../common/host/log';
import { traceEndpointResolver } from '../../fdtrace/ownership';
import type { TraceFeed } from '../../fdtrace/traceFeed';
import type { SessionRegistry, WrapperSession } from '../../launch/sessionRegistry';
import { loadAddon } from '../../native/addon';
import { listSockets } from '../listing';
import { SocketsPoller, type PollTarget } from '../poller';
import { DEFAULT_IPV4_NETWORK, isIpv4Network } from '../wrapperName';
import { registerSocketsCommands } from './commands';
import { SocketsTreeProvider } from './treeProvider';
import { UnreadDecorations } from './unreadDecorations';

export const SOCKETS_VIEW = 'socketWrapper.sockets';
/** True while a session runs: picks the view's welcome text (none running vs no sockets yet). */
const SESSION_RUNNING_KEY = 'socketWrapper.sockets.sessionRunning';

function targetOf(session: WrapperSession): PollTarget {
  const network = session.envDelta.SOCKET_WRAPPER_IPV4_NETWORK;
  return { name: session.name, dir: session.dir, ipv4Network: isIpv4Network(network) ? network : DEFAULT_IPV4_NETWORK };
}

export function registerSockets(context: vscode.ExtensionContext, log: Log, registry: SessionRegistry, traces?: TraceFeed): void {
  const loaded = loadAddon(context.extensionPath);
  const addon = loaded.ok ? loaded.addon : undefined;
  const poller = new SocketsPoller((target) => {
    const analysis = traces?.analysisOf(target.name) ?? null;
    return listSockets(target.dir, { addon, ipv4Network: target.ipv4Network, ...(analysis !== null ? { resolveEndpoint: traceEndpointResolver(analysis) } : {}) });
  });
  const provider = new SocketsTreeProvider(poller);
  const view = vscode.window.createTreeView(SOCKETS_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  // Said once each: the view's message shows it for as long as it holds.
  const logged = new Set<string>();
  const logOnce = (text: string): void => {
    if (!logged.has(text)) {
      logged.add(text);
      log.warn(`Sockets view: ${text}`);
    }
  };
  const changes = poller.onChange(() => {
    view.message = provider.notice();
    for (const state of poller.states()) {
      if (state.listing?.notice) {
        logOnce(state.listing.notice);
      }
      if (state.error !== undefined) {
        logOnce(`session "${state.target.name}": ${state.error}`);
      }
    }
  });

  const sync = (): void => {
    const sessions = registry.all();
    poller.setTargets(sessions.map(targetOf));
    void vscode.commands.executeCommand('setContext', SESSION_RUNNING_KEY, sessions.length > 0);
  };
  const sessionEvents = registry.onEvent(sync);
  sync();
  poller.setActive(view.visible);
  traces?.demand('sockets', view.visible);

  context.subscriptions.push(
    view,
    provider,
    view.onDidChangeVisibility((e) => {
      poller.setActive(e.visible);
      traces?.demand('sockets', e.visible);
    }),
    vscode.window.registerFileDecorationProvider(new UnreadDecorations()),
    registerSocketsCommands(poller),
    new vscode.Disposable(() => {
      changes.dispose();
      sessionEvents.dispose();
      poller.dispose();
    }),
  );
}
