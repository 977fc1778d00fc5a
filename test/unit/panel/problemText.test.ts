import * as assert from 'assert';
import { problemText } from '../../../extension/panel/problemText';

describe('panel problem banner', () => {
  it('names a truncated record, its byte offset and the packets kept', () => {
    const t = problemText({ kind: 'truncated-record', offset: 1234, message: 'the capture file ends inside a record: 10 of 56 bytes present', packetsBefore: 7 });
    assert.strictEqual(t.title, 'Truncated capture');
    assert.match(t.detail, /at byte offset 1,234/);
    assert.match(t.detail, /All 7 complete packets before it are shown\./);
  });

  it('says plainly when a file is not a capture at all', () => {
    const t = problemText({ kind: 'bad-magic', offset: 0, message: 'not a pcap or pcapng file (first bytes 3c 68 74 6d)', packetsBefore: 0 });
    assert.strictEqual(t.title, 'Not a capture file');
    assert.strictEqual(t.detail, 'Not a pcap or pcapng file (first bytes 3c 68 74 6d) at byte offset 0.');
  });

  it('handles one packet and corrupt records', () => {
    const t = problemText({ kind: 'record-too-long', offset: 40, message: 'record claims 300000 bytes', packetsBefore: 1 });
    assert.strictEqual(t.title, 'Corrupt capture');
    assert.match(t.detail, /The 1 complete packet|All 1 complete packet before it is shown\./);
  });
});
