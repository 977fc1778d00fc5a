// What a de-duplicated row says about socket_wrapper's two records of a packet.
import * as assert from 'assert';
import { mirrorText, waitText } from '../../../extension/panel/mirrorText';

describe('panel mirrorText', () => {
  it('a packet the peer read: sent and received times, the wait, the other record', () => {
    const t = mirrorText({ peer: 6, sentAt: 0.5, receivedAt: 0.500085 });
    assert.strictEqual(t.unread, false);
    assert.strictEqual(t.marker, '⇄');
    assert.strictEqual(t.text, 'Sent at 0.500000 s, received at 0.500085 s (+85 µs) (other record: No. 7)');
  });

  it('a send nobody read is marked, and says so', () => {
    const t = mirrorText({ peer: null, sentAt: 1.25, receivedAt: null });
    assert.strictEqual(t.unread, true);
    assert.strictEqual(t.marker, '⇢');
    assert.match(t.text, /^Sent at 1\.250000 s; not read by the peer \(yet\)/);
  });

  it('a send read in part says how much', () => {
    const t = mirrorText({ peer: 3, sentAt: 2, receivedAt: null, readBytes: 1 });
    assert.strictEqual(t.unread, true);
    assert.strictEqual(t.text, 'Sent at 2.000000 s; the peer has read 1 byte of it so far (No. 4)');
  });

  it('waits in µs, ms and s; never negative', () => {
    assert.deepStrictEqual([waitText(1, 1.0000004), waitText(1, 1.0123), waitText(1, 3.5), waitText(2, 1)], ['+0 µs', '+12.300 ms', '+2.500 s', '+0 µs']);
  });
});
