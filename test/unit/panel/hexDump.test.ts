import * as assert from 'assert';
import { asciiPreview, hexLines, hexLineText } from '../../../extension/panel/hexDump';

describe('panel hex dump', () => {
  it('writes 16 bytes a line with offsets, hex and printable ASCII', () => {
    const bytes = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n');
    const lines = hexLines(bytes);
    assert.strictEqual(lines.length, 2);
    assert.strictEqual(hexLineText(lines[0]), '0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..');
    assert.strictEqual(hexLineText(lines[1]), '0010  48 6f 73 74 3a 20 78 0d  0a                       Host: x..');
  });

  it('never lets control or high bytes into the ASCII column', () => {
    const bytes = Uint8Array.from([0, 7, 0x1b, 0x7f, 0x80, 0xff, 0x3c, 0x3e]);
    assert.strictEqual(hexLines(bytes)[0].ascii.join(''), '......<>');
  });

  it('dumps a window of a long packet with wide offsets past 64 KiB', () => {
    const bytes = new Uint8Array(70_000);
    const lines = hexLines(bytes, 65_540, 65_600);
    assert.strictEqual(lines[0].offset, 65_536);
    assert.strictEqual(lines[0].offsetText, '010000');
    assert.strictEqual(lines.length, 4);
  });

  it('previews payload text with an ellipsis', () => {
    assert.strictEqual(asciiPreview(new TextEncoder().encode('<img src=x onerror=alert(1)>'), 10), '<img src=x…');
  });
});
