// HTML escaping for the report. Everything that comes from a capture or a trace (addresses,
// Info text with payload bytes, paths, command lines) is hostile: it goes through esc()
// before it touches the page, in text and in attribute values alike.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside elements and quoted attributes; control characters become visible escapes. */
export function esc(text: string): string {
  let out = '';
  for (const ch of text) {
    const e = ENTITIES[ch];
    if (e !== undefined) { out += e; continue; }
    const code = ch.codePointAt(0) ?? 0;
    // C0/C1 controls and the line/paragraph separators would garble the page or the SVG.
    if (code < 0x20 && code !== 0x09 && code !== 0x0a) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** A number for an attribute or text: finite, fixed decimals (never packet text). */
export function num(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '0';
}
