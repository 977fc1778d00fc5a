// Decodes the tracer's value escaping: %XX for bytes below '!', DEL and '%'; every other
// byte as it is. Lines are read as latin1 (one char per byte), so the decoded bytes are then
// read as UTF-8, which gives back the path the program used.

const HEX = /^[0-9A-Fa-f]{2}$/;

/** The value as text, or undefined for a bad escape (a malformed record). */
export function unescapeValue(raw: string): string | undefined {
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 || c >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) {
    return raw;
  }
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x25) {
      bytes.push(c & 0xff);
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!HEX.test(hex)) {
      return undefined;
    }
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}
