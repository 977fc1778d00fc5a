// The bottom status line (state, packets, flows, lanes, capture path) and the banner that
// names a problem with the capture, with its byte offset.
import { problemText } from '../extension/panel/problemText';
import type { CaptureInfo, CaptureState, StatusInfo } from '../extension/panel/protocol';
import { clear, count, el } from './dom';

const STATE_TEXT: Record<CaptureState, string> = {
  loading: 'Loading',
  waiting: 'Waiting for capture',
  live: 'Live',
  paused: 'Paused',
  ended: 'Session ended',
  file: 'Capture file',
  error: 'Error',
};

export class StatusLine {
  readonly root: HTMLDivElement;
  readonly banner: HTMLDivElement;
  private readonly dot = el('span', 'dot');
  private readonly stateText = el('span');
  private readonly packets = el('span');
  private readonly flows = el('span');
  private readonly lanes = el('span');
  private readonly path = el('span', 'path');

  constructor() {
    this.root = el('div', 'status');
    this.root.setAttribute('role', 'status');
    const state = el('span', 'state');
    state.append(this.dot, this.stateText);
    this.root.append(state, this.packets, this.flows, this.lanes, this.path);
    this.banner = el('div', 'banner');
    this.banner.setAttribute('role', 'alert');
    this.banner.hidden = true;
  }

  update(status: StatusInfo, capture: CaptureInfo | null, lanes: number, following: boolean): void {
    this.dot.className = `dot ${status.state}`;
    this.stateText.textContent = status.state === 'live' && !following ? 'Live (not following)' : STATE_TEXT[status.state];
    this.packets.textContent = status.rows === status.packets ? `${count(status.packets)} packets` : `${count(status.rows)} of ${count(status.packets)} packets shown`;
    this.flows.textContent = `${count(status.flows)} ${status.flows === 1 ? 'flow' : 'flows'}`;
    this.lanes.textContent = `${count(lanes)} ${lanes === 1 ? 'endpoint' : 'endpoints'}`;
    this.path.textContent = capture === null ? '' : capture.session !== undefined ? `session "${capture.session}" · ${capture.path}` : capture.path;
    this.path.title = capture?.path ?? '';
    const problem = status.error;
    if (problem === undefined) {
      this.banner.hidden = true;
      return;
    }
    const { title, detail } = problemText(problem);
    clear(this.banner);
    this.banner.append(el('strong', '', `⚠ ${title}:`), document.createTextNode(detail));
    this.banner.hidden = false;
  }
}
