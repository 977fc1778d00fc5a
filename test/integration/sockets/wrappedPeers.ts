// Starts peers.py as a server (iface 10) and a client (iface 11) under the real
// libsocket_wrapper in a fresh short socket directory, and waits until each printed that its
// sockets are in place. Synchronizes on their output, never on sleeps.
import * as path from 'path';
import { isIpv4Network, type Ipv4Network } from '../../../extension/sockets/wrapperName';
import { LIBRARY, Proc, removeDir, ROOT, shortTmpDir } from '../helpers';

const PEERS = path.join(ROOT, 'test', 'integration', 'sockets', 'peers.py');

interface ServerReport {
  fds: { tcp: number; udp: number; tcp6: number };
}
interface AcceptReport {
  accepted: string;
  fd: number;
}
interface ClientReport {
  ready: { tcp: string; pending: string; udp: string; tcp6: string };
  fds: { tcp: number; pending: number; udp: number; tcp6: number };
}

export interface WrappedPeers {
  readonly dir: string;
  readonly network: Ipv4Network;
  readonly host4: string;
  readonly server: Proc;
  readonly client: Proc;
  readonly serverFds: ServerReport['fds'];
  /** The accepted connection on the server: its fd and the client address it reports. */
  readonly accepted: AcceptReport;
  /** The client's local endpoints and fds. */
  readonly clientReady: ClientReport;
  stop(): Promise<void>;
}

function wrappedEnv(dir: string, iface: number, network: Ipv4Network): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SOCKET_WRAPPER_') && k !== 'LD_PRELOAD') {
      env[k] = v;
    }
  }
  return { ...env, LD_PRELOAD: LIBRARY, SOCKET_WRAPPER_DIR: dir, SOCKET_WRAPPER_DEFAULT_IFACE: String(iface), SOCKET_WRAPPER_IPV4_NETWORK: network };
}

async function jsonLine<T>(proc: Proc, key: string): Promise<T> {
  const m = await proc.waitForLine(new RegExp(`^\\{"${key}"`));
  return JSON.parse(m.input ?? m[0]) as T;
}

export async function startPeers(network: Ipv4Network = '127.0.0.0'): Promise<WrappedPeers> {
  if (!isIpv4Network(network)) {
    throw new Error(`bad network ${String(network)}`);
  }
  const dir = shortTmpDir('swsk-');
  const host4 = `${network.split('.').slice(0, 3).join('.')}.10`;
  const host6 = 'fd00::5357:5f0a';
  const server = new Proc('python3', [PEERS, 'server', host4, host6], { env: wrappedEnv(dir, 10, network) });
  let client: Proc | undefined;
  const stop = async (): Promise<void> => {
    for (const p of [server, client]) {
      p?.child.kill('SIGKILL');
    }
    await Promise.all([server.done, client?.done]);
    removeDir(dir);
  };
  try {
    const listening = await jsonLine<ServerReport>(server, 'listening');
    client = new Proc('python3', [PEERS, 'client', host4, host6], { env: wrappedEnv(dir, 11, network) });
    const [accepted, clientReady] = await Promise.all([jsonLine<AcceptReport>(server, 'accepted'), jsonLine<ClientReport>(client, 'ready')]);
    return { dir, network, host4, server, client, serverFds: listening.fds, accepted, clientReady, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
