// Memory per indexed packet: heap + ArrayBuffer bytes held after indexing a capture with
// CaptureFile (index on), minus what was held before, divided by the packet count.
// Run with --expose-gc on the tsc output: node --expose-gc bench/capture/memory.js FILE
'use strict';
const path = require('path');
const { CaptureFile } = require(path.resolve(__dirname, '../../out/extension/capture/captureFile.js'));

// ArrayBuffer backing stores are released by a sweeper after the collection that found
// them dead: collect, give the sweeper a moment, collect again, then read the counters.
async function held() {
  global.gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main() {
  const file = process.argv[2];
  const before = await held();
  const capture = CaptureFile.open(file);
  const r = await capture.readMoreAsync();
  if (r.error) throw r.error;
  const after = await held();
  const packets = capture.index.count;
  const result = {
    packets,
    flows: capture.flows.count,
    bytesPerPacket: (after - before) / packets,
    indexBytesPerPacket: capture.index.memoryBytes / packets,
    flowTableBytes: capture.flows.memoryBytes,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  capture.close(); // keeps `capture` alive until after the measurement
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
