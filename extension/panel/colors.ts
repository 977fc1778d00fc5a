// Flow colours: rows and arrows of one conversation share a palette index. The host picks
// the index, the webview maps it to a theme colour (webview/theme.ts), so changing the
// palette never needs the host.

export const PALETTE_SIZE = 10;

/** Palette index of a flow, -1 for packets outside any flow. */
export function flowColor(flow: number): number {
  return flow < 0 ? -1 : flow % PALETTE_SIZE;
}
