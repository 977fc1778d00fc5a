// The Handoffs tab: every fd the session's processes passed to each other over unix sockets
// (SCM_RIGHTS), from its fd trace, in time order: when, from which pid and fd to which,
// what it was (a connection's addresses, a file's path), over which socket, and what became
// of it. Clicking a passed TCP or UDP socket filters the timeline to that connection, with the
// same filter the Passed FDs view uses. Everything shown comes from the trace (paths are
// whatever the programs used): text only, through el()/textContent.
import type { HandoffEvent, TimeBase } from '../extension/panel/protocol';
import { secondsText } from '../extension/panel/timeText';
import { clear, count, el, headedTable } from './dom';

const HEADERS: ReadonlyArray<[string, boolean]> = [
  ['Time', true], ['From', false], ['To', false], ['Kind', false], ['Passed', false], ['Via', false], ['State', false],
];

export class HandoffsView {
  readonly root: HTMLDivElement;
  private selected: string | null = null;
  private shown: readonly HandoffEvent[] | null = null;
  private shownBase: TimeBase | null = null;

  constructor(private readonly filter: (expression: string) => void) {
    this.root = el('div', 'pane conversations handoffs');
    this.showNone('Loading handoffs…');
  }

  /** No trace: say why the tab is empty. */
  showNone(text: string): void {
    this.shown = null;
    clear(this.root);
    this.root.appendChild(el('div', 'more', text));
  }

  /** `relative(t)`: seconds since the first packet of a µs time (null before the first packet). */
  show(handoffs: readonly HandoffEvent[], total: number, base: TimeBase | null, relative: (micros: number) => number | null): void {
    if (handoffs === this.shown && base === this.shownBase) return;
    this.shown = handoffs;
    this.shownBase = base;
    const scroll = this.root.scrollTop;
    clear(this.root);
    if (handoffs.length === 0) {
      this.root.appendChild(el('div', 'more', 'No fds passed between processes yet.'));
      return;
    }
    const { table, body } = headedTable('Handoffs', HEADERS);
    for (const h of handoffs) {
      const rel = relative(h.time);
      const tr = el('tr', `handoff state-${h.state}${h.filter !== null ? ' filterable' : ''}${h.id === this.selected ? ' selected' : ''}`);
      tr.tabIndex = 0;
      tr.title = h.filter !== null ? `Filter the timeline to this connection: ${h.filter}` : 'Only a passed TCP or UDP socket has a connection to filter on';
      tr.append(
        el('td', 'num', rel === null ? '' : secondsText(rel)),
        el('td', '', h.fromPid === null ? 'untraced' : `pid ${h.fromPid} fd ${h.fromFd ?? '?'}`),
        el('td', '', h.toPid === null ? '—' : `pid ${h.toPid} fd ${h.toFd ?? '?'}`),
        el('td', '', h.kind),
        el('td', '', h.object),
        el('td', '', h.via),
        el('td', '', h.state),
      );
      const choose = (): void => {
        this.selected = h.id;
        for (const row of body.querySelectorAll('tr.selected')) row.classList.remove('selected');
        tr.classList.add('selected');
        if (h.filter !== null) this.filter(h.filter);
      };
      tr.addEventListener('click', choose);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') choose();
      });
      body.appendChild(tr);
    }
    this.root.appendChild(table);
    if (total > handoffs.length) this.root.appendChild(el('div', 'more', `${count(total - handoffs.length)} more handoffs are not listed.`));
    this.root.scrollTop = scroll;
  }
}
