// A Node.js TCP echo server for the socket_wrapper sample: the same protocol as server.py,
// to debug with the built-in JavaScript debugger ("debugger": "node") while it runs on the
// emulated network. Set a breakpoint in the 'data' handler and run the Python client.
'use strict';
const net = require('net');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = option('--host', '127.0.0.10');
const port = Number(option('--port', '7777'));
const count = Number(option('--count', '0'));

let served = 0;
const server = net.createServer((conn) => {
  console.log(`node server: connection from ${conn.remoteAddress}:${conn.remotePort}`);
  conn.on('data', (data) => {
    conn.write(data); // a good place for a breakpoint
    console.log(`node server: echoed ${data.length} bytes`);
  });
  conn.on('close', () => {
    served += 1;
    if (count > 0 && served >= count) {
      server.close(() => console.log('node server: done'));
    }
  });
});
server.listen(port, host, () => console.log(`node server: listening on ${host}:${port}`));
