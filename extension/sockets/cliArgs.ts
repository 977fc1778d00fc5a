// Arguments of `swdebug sockets --dir D [--json] [--ipv4-network 127.0.0.0|10.53.57.0]`.
// Pure, so usage errors are unit-tested without running the command.
import { DEFAULT_IPV4_NETWORK, IPV4_NETWORKS, isIpv4Network, type Ipv4Network } from './wrapperName';

export interface SocketsArgs {
  readonly dir: string;
  readonly json: boolean;
  readonly ipv4Network: Ipv4Network;
}

export const SOCKETS_USAGE = `usage: swdebug sockets --dir DIR [--json] [--ipv4-network ${IPV4_NETWORKS.join('|')}]

Lists the emulated sockets of a socket_wrapper directory (SOCKET_WRAPPER_DIR): who holds
each one (pid, fd, program), its emulated local and remote address, state and queues.
  --dir DIR            the socket directory
  --json               a JSON array of rows instead of a table
  --ipv4-network NET   the session's SOCKET_WRAPPER_IPV4_NETWORK (default ${DEFAULT_IPV4_NETWORK})
`;

/** The parsed arguments, `{ help: true }`, or a usage error message. */
export function parseSocketsArgs(args: readonly string[]): SocketsArgs | { readonly help: true } | { readonly error: string } {
  let dir: string | undefined;
  let json = false;
  let ipv4Network: Ipv4Network = DEFAULT_IPV4_NETWORK;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (name === '--help' || name === '-h') {
      return { help: true };
    } else if (name === '--json') {
      json = true;
    } else if (name === '--dir') {
      dir = value();
      if (dir === undefined || dir === '') {
        return { error: '--dir needs a directory' };
      }
    } else if (name === '--ipv4-network') {
      const net = value();
      if (!isIpv4Network(net)) {
        return { error: `--ipv4-network must be ${IPV4_NETWORKS.join(' or ')}, not ${net === undefined ? 'nothing' : JSON.stringify(net)}` };
      }
      ipv4Network = net;
    } else {
      return { error: `unknown argument ${JSON.stringify(arg)}` };
    }
  }
  if (dir === undefined) {
    return { error: 'no socket directory given (--dir DIR)' };
  }
  return { dir, json, ipv4Network };
}
