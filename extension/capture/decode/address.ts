// Address text exactly as Wireshark (and glibc's inet_ntop) writes it: IPv4 dotted quad;
// IPv6 in lower-case hex with the longest run of two or more zero groups compressed to
// "::" (the first on a tie, RFC 5952), and ::ffff:a.b.c.d / ::a.b.c.d kept in dotted form.

export function formatIpv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

export function formatIpv6(b: Uint8Array, o: number): string {
  const w: number[] = new Array<number>(8);
  for (let i = 0; i < 8; i++) w[i] = (b[o + 2 * i] << 8) | b[o + 2 * i + 1];
  // Longest run of zero words.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) { curBase = i; curLen = 1; } else curLen++;
      if (curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
    } else {
      curBase = -1;
      curLen = 0;
    }
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d), as inet_ntop prints them.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      s += formatIpv4(b, o + 12);
      return s;
    }
    s += w[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/** Formats a 4- or 16-byte address. */
export function formatIp(b: Uint8Array, o: number, version: 4 | 6): string {
  return version === 4 ? formatIpv4(b, o) : formatIpv6(b, o);
}

/** Formats an address held as 32-bit big-endian words (the flow table's key form). */
export function formatIpWords(words: ArrayLike<number>, from: number, version: 4 | 6): string {
  const n = version === 4 ? 1 : 4;
  const bytes = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const v = words[from + i];
    bytes[4 * i] = v >>> 24;
    bytes[4 * i + 1] = (v >>> 16) & 0xff;
    bytes[4 * i + 2] = (v >>> 8) & 0xff;
    bytes[4 * i + 3] = v & 0xff;
  }
  return formatIp(bytes, 0, version);
}
