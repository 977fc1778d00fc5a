// `swdebug sockets --dir D [--json] [--ipv4-network N]`: the emulated sockets of a
// socket_wrapper directory as a table or a JSON array of rows (the contract others script
// against: pid, fd, proto, local, remote, state, rq, wq, peerPid, unixPath and more).
// Uses the native addon (sock_diag) when it loads, else /proc/net/unix, and says so.
import { loadAddon } from '../native/addon';
import { parseSocketsArgs, SOCKETS_USAGE } from '../sockets/cliArgs';
import { errorMessage, systemErrorCode } from '../sockets/errors';
import { rowsTable } from '../sockets/format';
import { listSockets } from '../sockets/listing';
import type { CliIO } from './main';

export async function socketsCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseSocketsArgs(args);
  if ('help' in parsed) {
    io.out(SOCKETS_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.err(`swdebug sockets: ${parsed.error}\n${SOCKETS_USAGE}`);
    return 2;
  }
  const loaded = loadAddon();
  try {
    const listing = await listSockets(parsed.dir, { addon: loaded.ok ? loaded.addon : undefined, ipv4Network: parsed.ipv4Network });
    if (listing.notice !== null) {
      io.err(`swdebug sockets: note: ${listing.notice}${loaded.ok ? '' : ` (${loaded.reason})`}\n`);
    }
    io.out(parsed.json ? `${JSON.stringify(listing.rows, null, 2)}\n` : listing.rows.length > 0 ? rowsTable(listing.rows) : `no sockets in ${parsed.dir}\n`);
    return 0;
  } catch (err) {
    const code = systemErrorCode(err);
    io.err(`swdebug sockets: ${errorMessage(err)}${code ? ` (${code})` : ''}\n`);
    return 1;
  }
}
