// The banner sentence for a capture that could not be read to its end: what went wrong in
// words a person understands, where (the byte offset, for `xxd -s`), and what is still shown.
import type { CaptureProblem } from './protocol';

export function problemText(p: CaptureProblem): { title: string; detail: string } {
  const kept = p.packetsBefore === 0
    ? 'No complete packet comes before it.'
    : `All ${p.packetsBefore.toLocaleString('en-US')} complete packet${p.packetsBefore === 1 ? '' : 's'} before it ${p.packetsBefore === 1 ? 'is' : 'are'} shown.`;
  const at = `at byte offset ${p.offset.toLocaleString('en-US')}`;
  switch (p.kind) {
    case 'truncated-record':
      return { title: 'Truncated capture', detail: `The file ends in the middle of a packet record ${at} (${p.message}); the program writing it may have been killed. ${kept}` };
    case 'truncated-header':
    case 'empty-file':
      return { title: 'Incomplete capture', detail: `${capitalize(p.message)} ${at}. socket_wrapper writes the header with the first packet. ${kept}` };
    case 'bad-magic':
      return { title: 'Not a capture file', detail: `${capitalize(p.message)} ${at}.` };
    case 'file-shrank':
    case 'file-replaced':
    case 'header-changed':
      return { title: 'Capture changed while reading', detail: `${capitalize(p.message)} (${at}). Reopen it to read the new file. ${kept}` };
    default:
      return { title: 'Corrupt capture', detail: `${capitalize(p.message)} ${at}. ${kept}` };
  }
}

function capitalize(s: string): string {
  return s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s;
}
