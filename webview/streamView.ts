// The Follow Stream tab: the payload of the selected packet's flow, both directions in
// capture order, one colour per direction (client → server, server → client), as escaped
// text or as a hex dump. De-duplicated by the host for socket_wrapper captures, so each byte
// shows once. It keeps up with a growing capture: the app asks again while the tab is shown.
//
// Payload bytes are hostile: they become text nodes only (escapeBytes turns every
// non-printable byte into \xNN, hexDump prints '.' for them).
import { escapeBytes, hexDump } from '../extension/capture/byteText';
import type { StreamContent } from '../extension/panel/protocol';
import { button, clear, count, el } from './dom';

export type StreamFormat = 'text' | 'hex';

/** Hex dumps grow ~4.5× the payload: draw at most this many payload bytes in hex. */
const MAX_HEX_BYTES = 256 * 1024;

export class StreamView {
  readonly root: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly body: HTMLPreElement;
  private readonly textButton: HTMLButtonElement;
  private readonly hexButton: HTMLButtonElement;
  private content: StreamContent | null = null;
  /** What the body shows, to skip redrawing an unchanged stream on every live refresh. */
  private drawn = '';

  constructor(private format: StreamFormat, private readonly onFormat: (format: StreamFormat) => void) {
    this.root = el('div', 'pane stream');
    this.root.setAttribute('role', 'tabpanel');
    this.root.setAttribute('aria-label', 'Follow Stream');
    const bar = el('div', 'stream-bar');
    this.header = el('div', 'stream-title', '');
    this.textButton = button('Text', 'Show the payload as text (non-printable bytes as \\xNN)', () => this.setFormat('text'), 'btn toggle');
    this.hexButton = button('Hex', 'Show the payload as a hex dump', () => this.setFormat('hex'), 'btn toggle');
    bar.append(this.header, this.textButton, this.hexButton);
    this.body = el('pre', 'stream-body');
    this.body.tabIndex = 0;
    this.root.append(bar, this.body);
    this.showHint('Select a TCP or UDP packet to follow its stream.');
    this.syncButtons();
  }

  get streamFormat(): StreamFormat {
    return this.format;
  }

  /** The flow shown (null: none). */
  get flow(): number | null {
    return this.content?.flow ?? null;
  }

  showHint(text: string): void {
    this.content = null;
    this.drawn = '';
    this.header.textContent = '';
    clear(this.body);
    this.body.appendChild(el('span', 'stream-hint', text));
  }

  show(content: StreamContent): void {
    const bytes = content.segments.reduce((n, s) => n + s.data.length, 0);
    const key = `${content.flow}/${this.format}/${content.segments.length}/${bytes}/${content.truncated}`;
    this.content = content;
    if (key === this.drawn) return;
    this.drawn = key;
    const sent = [0, 0];
    for (const s of content.segments) sent[s.dir] += s.data.length;
    this.header.textContent =
      `Flow ${content.flow + 1}: ${content.client} → ${content.server} ${count(sent[0])} bytes, ← ${count(sent[1])} bytes` +
      (content.truncated ? ' (first 1 MiB)' : '');
    const atEnd = this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 4;
    clear(this.body);
    if (content.segments.length === 0) {
      this.body.appendChild(el('span', 'stream-hint', 'No payload in this flow yet.'));
      return;
    }
    let drawnBytes = 0;
    let offsets = [0, 0];
    let lastDir: 0 | 1 | null = null;
    let lastByte = 0x0a;
    for (const s of content.segments) {
      // A turn of the conversation starts on its own line (display only: no byte is added to the text).
      if (lastDir !== null && s.dir !== lastDir && lastByte !== 0x0a) this.body.appendChild(el('br'));
      lastDir = s.dir;
      if (s.data.length > 0) lastByte = s.data[s.data.length - 1];
      const span = el('span', `dir${s.dir}`);
      span.title = `${s.dir === 0 ? 'client → server' : 'server → client'}, packet ${s.packet + 1}, ${s.rel.toFixed(6)} s, ${s.data.length} bytes`;
      if (this.format === 'text') {
        span.textContent = escapeBytes(s.data);
      } else {
        if (drawnBytes >= MAX_HEX_BYTES) {
          this.body.appendChild(el('span', 'stream-hint', `\n… hex view stops after ${count(MAX_HEX_BYTES)} bytes; the Text view shows the rest.`));
          break;
        }
        const data = s.data.subarray(0, MAX_HEX_BYTES - drawnBytes);
        span.textContent = `${hexDump(data, offsets[s.dir])}\n`;
        offsets = s.dir === 0 ? [offsets[0] + s.data.length, offsets[1]] : [offsets[0], offsets[1] + s.data.length];
        drawnBytes += data.length;
      }
      this.body.appendChild(span);
    }
    // Following a live stream: stay at its end unless the person scrolled up to read.
    if (atEnd) this.body.scrollTop = this.body.scrollHeight;
  }

  private setFormat(format: StreamFormat): void {
    if (format === this.format) return;
    this.format = format;
    this.syncButtons();
    this.onFormat(format);
    const content = this.content;
    this.drawn = '';
    if (content !== null) this.show(content);
  }

  private syncButtons(): void {
    this.textButton.setAttribute('aria-pressed', String(this.format === 'text'));
    this.hexButton.setAttribute('aria-pressed', String(this.format === 'hex'));
  }
}
