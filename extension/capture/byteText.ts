// Payload bytes as safe text: escaped (every byte outside printable ASCII as \xNN) or as a
// hex dump. No imports, so the webview (Follow Stream) and the CLI share it.

/** Printable ASCII as is (and newline and tab); "\" as "\\", CR as "\r", anything else as \xNN. */
export function escapeBytes(b: Uint8Array): string {
  let s = '';
  for (let k = 0; k < b.length; k++) {
    const c = b[k];
    if (c === 0x5c) s += '\\\\';
    else if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09) s += String.fromCharCode(c);
    else if (c === 0x0d) s += '\\r';
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** "00000010  48 65 6c 6c 6f 0a ...  |Hello.|" lines; `start` numbers the first byte. */
export function hexDump(b: Uint8Array, start = 0): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, Math.min(b.length, o + 16));
    let hex = '';
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      if (k === 8) hex += ' ';
      if (k < row.length) {
        hex += `${row[k].toString(16).padStart(2, '0')} `;
        ascii += row[k] >= 0x20 && row[k] < 0x7f ? String.fromCharCode(row[k]) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${(start + o).toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}
