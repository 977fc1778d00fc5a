// The Conversations tab: every flow of the capture (Wireshark's Conversations, both
// directions in one row) with its colour, endpoints, counts, timing and TCP state. Clicking
// one jumps to its first packet.
import type { ConversationRow } from '../extension/panel/protocol';
import { durationText, secondsText } from '../extension/panel/timeText';
import { clear, count, el, headedTable } from './dom';

const HEADERS: ReadonlyArray<[string, boolean]> = [
  ['#', true], ['Protocol', false], ['Client', false], ['Server', false], ['Packets', true], ['Bytes', true],
  ['Start', true], ['Duration', true], ['State', false],
];

export class ConversationsView {
  readonly root: HTMLDivElement;

  constructor(private readonly jump: (packet: number) => void) {
    this.root = el('div', 'pane conversations');
    this.root.appendChild(el('div', 'more', 'Loading conversations…'));
  }

  show(rows: readonly ConversationRow[], total: number): void {
    const scroll = this.root.scrollTop;
    clear(this.root);
    if (rows.length === 0) {
      this.root.appendChild(el('div', 'more', 'No conversations yet.'));
      return;
    }
    const { table, body } = headedTable('Conversations', HEADERS);
    for (const c of rows) {
      const tr = el('tr', `conv${c.color >= 0 ? ` c${c.color}` : ''}`);
      tr.tabIndex = 0;
      tr.title = `Go to packet ${c.firstPacket + 1}, the first of this conversation`;
      const first = el('td', 'num');
      first.append(el('span', 'swatch'), document.createTextNode(String(c.id + 1)));
      tr.append(
        first,
        el('td', '', c.proto.toUpperCase()),
        el('td', '', c.client),
        el('td', '', c.server),
        el('td', 'num', count(c.packets)),
        el('td', 'num', count(c.bytes)),
        el('td', 'num', secondsText(c.start)),
        el('td', 'num', durationText(c.duration)),
        el('td', '', c.state ?? ''),
      );
      tr.addEventListener('click', () => this.jump(c.firstPacket));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.jump(c.firstPacket);
      });
      body.appendChild(tr);
    }
    this.root.appendChild(table);
    if (total > rows.length) this.root.appendChild(el('div', 'more', `${count(total - rows.length)} more conversations are not listed.`));
    this.root.scrollTop = scroll;
  }
}
