// Byte arrays as they arrive from the host: VS Code's webview messaging may deliver a
// Uint8Array as itself, as a plain array, or as an object keyed "0", "1", ... depending on
// the host's serializer. Everything reading packet or stream bytes goes through this.

export function asBytes(b: unknown): Uint8Array {
  if (b instanceof Uint8Array) return b;
  if (Array.isArray(b)) return Uint8Array.from(b as number[]);
  // A Node Buffer that slipped through is serialized by its toJSON: { type: 'Buffer', data: [...] }.
  const json = b as { type?: unknown; data?: unknown } | null;
  if (typeof json === 'object' && json !== null && json.type === 'Buffer' && Array.isArray(json.data)) return Uint8Array.from(json.data as number[]);
  if (typeof b === 'object' && b !== null) return Uint8Array.from(Object.values(b as Record<string, number>));
  return new Uint8Array(0);
}
