// Literal values of the filter language: IPv4/IPv6 addresses (optionally a /prefix
// network), unsigned integers (decimal or 0x hex) and byte strings (48:65:6c, 48-65-6c,
// or a quoted string). Each parser returns null for text that is not its kind, so the
// caller can say what was expected.

export interface AddressValue {
  family: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  /** Leading bits that must match (32 / 128 for a plain address). */
  prefix: number;
}

export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let k = 0; k < 4; k++) {
    if (!/^\d{1,3}$/.test(parts[k])) return null;
    const v = Number(parts[k]);
    if (v > 255) return null;
    out[k] = v;
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.length > 45) return null;
  const double = text.indexOf('::');
  if (double !== text.lastIndexOf('::')) return null;
  const side = (s: string): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    const words: number[] = [];
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k];
      if (k === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
        words.push(parseInt(g, 16));
      }
    }
    return words;
  };
  let words: number[];
  if (double >= 0) {
    const head = side(text.slice(0, double));
    const tail = side(text.slice(double + 2));
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = side(text);
    if (all === null || all.length !== 8) return null;
    words = all;
  }
  const out = new Uint8Array(16);
  for (let k = 0; k < 8; k++) {
    out[2 * k] = words[k] >> 8;
    out[2 * k + 1] = words[k] & 0xff;
  }
  return out;
}

/** "127.0.0.1", "10.53.57.0/24", "fd00::5357:5f0a", "fd00::/16"; null when it is none of them. */
export function parseAddress(text: string): AddressValue | null {
  const slash = text.indexOf('/');
  const host = slash >= 0 ? text.slice(0, slash) : text;
  const v4 = parseIpv4(host);
  const bytes = v4 ?? parseIpv6(host);
  if (bytes === null) return null;
  const family = v4 !== null ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return null;
    prefix = Number(p);
  }
  return { family, bytes, prefix };
}

/** Whether bytes b[o, o + 4 or 16) are inside network `a`. */
export function addressMatches(a: AddressValue, b: Uint8Array, o: number): boolean {
  let bits = a.prefix;
  let k = 0;
  while (bits >= 8) {
    if (b[o + k] !== a.bytes[k]) return false;
    bits -= 8;
    k++;
  }
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (b[o + k] & mask) === (a.bytes[k] & mask);
}

/** Decimal or 0x-hex unsigned integer up to 2^53; null otherwise. */
export function parseInteger(text: string): number | null {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  if (/^0[xX][0-9A-Fa-f]{1,13}$/.test(text)) return parseInt(text.slice(2), 16);
  return null;
}

/** Hex bytes separated by ':', '-' or '.' ("48:65:6c"), or one hex byte ("48"); null otherwise. */
export function parseHexBytes(text: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f]{2}([:.-][0-9A-Fa-f]{2})*$/.test(text)) return null;
  const parts = text.split(/[:.-]/);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** A quoted string's text (one char per byte, from the lexer) as bytes. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k) & 0xff;
  return out;
}
