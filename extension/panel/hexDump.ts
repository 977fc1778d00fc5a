// Hex + ASCII dump lines of a packet, like `xxd`/Wireshark's bytes pane: 16 bytes a line,
// an extra space after 8, printable ASCII shown and everything else as ".". The result is
// plain strings for the webview to put in text nodes; bytes are hostile, so nothing here
// produces markup, and control characters never reach the ASCII column.

export const BYTES_PER_LINE = 16;

export interface HexLine {
  /** Offset of the line's first byte. */
  readonly offset: number;
  /** "0000" (4 hex digits, more when the packet is longer than 64 KiB). */
  readonly offsetText: string;
  /** One "4f" per byte; rendering adds the gaps. */
  readonly hex: readonly string[];
  /** One printable character per byte. */
  readonly ascii: readonly string[];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ASCII = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));

export function hexLines(bytes: Uint8Array, from = 0, to = bytes.length): HexLine[] {
  const width = bytes.length > 0xffff ? 6 : 4;
  const out: HexLine[] = [];
  const start = Math.max(0, Math.floor(from / BYTES_PER_LINE) * BYTES_PER_LINE);
  const end = Math.min(bytes.length, to);
  for (let o = start; o < end; o += BYTES_PER_LINE) {
    const hex: string[] = [];
    const ascii: string[] = [];
    for (let i = o; i < Math.min(o + BYTES_PER_LINE, end); i++) {
      hex.push(HEX[bytes[i]]);
      ascii.push(ASCII[bytes[i]]);
    }
    out.push({ offset: o, offsetText: o.toString(16).padStart(width, '0'), hex, ascii });
  }
  return out;
}

/** A line as one string, "0010  45 00 00 3c ...  4d 5a ...  E..<....", for copying and tests. */
export function hexLineText(line: HexLine): string {
  const cells: string[] = [];
  for (let i = 0; i < BYTES_PER_LINE; i++) {
    cells.push(line.hex[i] ?? '  ');
    if (i === 7) cells.push('');
  }
  return `${line.offsetText}  ${cells.join(' ')}  ${line.ascii.join('')}`;
}

/** Printable text of a payload for one-line previews: non-printables become "." too. */
export function asciiPreview(bytes: Uint8Array, max = 64): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) s += ASCII[bytes[i]];
  return bytes.length > max ? `${s}…` : s;
}
