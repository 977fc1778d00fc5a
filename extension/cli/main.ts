// The swdebug CLI entry: parses the subcommand and hands off to one module per command.
// It runs the same engine as the extension, with plain Node and no `vscode`.
// Each command's module is loaded only when that command runs (`import()`, kept inside the
// single dist/cli.js by webpack.config.js): `swdebug stats` then does not evaluate the
// launch, report, sockets and fd-trace engines, which is most of the CLI's start-up time.
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Where a command writes; injectable so tests can capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const commands: Record<string, { load: () => Promise<CliCommand>; summary: string }> = {
  doctor: { load: async () => (await import('./doctor')).doctorCommand, summary: 'check libsocket_wrapper, the native addon and the tracer' },
  packets: { load: async () => (await import('./packets')).packetsCommand, summary: 'list the packets of a pcap/pcapng capture (--json: one object per line; --dedupe, --filter EXPR)' },
  report: { load: async () => (await import('./report')).reportCommand, summary: 'one self-contained HTML report of a capture: sequence diagram, packets, conversations (--html OUT)' },
  stats: { load: async () => (await import('./stats')).statsCommand, summary: 'packets, bytes, protocols, flows and time span of a capture (--json, --dedupe)' },
  run: { load: async () => (await import('./run')).runCommand, summary: 'run a program under socket_wrapper (swdebug run --help)' },
  sockets: { load: async () => (await import('./sockets')).socketsCommand, summary: 'the emulated sockets of a socket directory: who holds them, addresses, queues (--json)' },
  fds: { load: async () => (await import('./fds')).fdsCommand, summary: 'the fds passed over unix sockets in an fd trace (swdebug run --fd-trace): who to whom, what, state (--json)' },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: swdebug <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`swdebug: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest, io);
}
