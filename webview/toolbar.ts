// The toolbar: live controls (Follow live, Pause), the Time column's form, the diagram's
// lanes (addresses or processes), spacing and zoom, the display filter and de-duplication. Controls whose engine the host
// lacks stay visible but disabled, with a tooltip saying what they are waiting for.
import type { Capabilities, FilterState, LaneMode } from '../extension/panel/protocol';
import { TIME_MODES, type TimeMode } from '../extension/panel/timeText';
import { HistoryCursor } from '../extension/panel/filterHistory';
import { button, clear, el } from './dom';
import type { DiagramMode } from './vscodeApi';

export interface ToolbarEvents {
  followLive(): void;
  togglePause(): void;
  timeMode(mode: TimeMode): void;
  diagramMode(mode: DiagramMode): void;
  laneMode(mode: LaneMode): void;
  zoom(factor: number): void;
  fit(): void;
  toggleDiagram(): void;
  filter(expression: string): void;
  dedupe(enabled: boolean): void;
}

export interface ToolbarState {
  readonly live: boolean;
  readonly following: boolean;
  readonly paused: boolean;
  readonly canPause: boolean;
  readonly timeMode: TimeMode;
  readonly diagramMode: DiagramMode;
  readonly showDiagram: boolean;
  readonly laneMode: LaneMode;
  /** Why lanes by process are not available (null: they are). */
  readonly processesUnavailable: string | null;
  readonly capabilities: Capabilities;
  readonly filter: FilterState;
  /** Accepted filter expressions, newest first (Up/Down in the filter box, and its drop-down). */
  readonly filterHistory: readonly string[];
  readonly dedupe: boolean;
}

const TIME_LABELS: Record<TimeMode, [string, string]> = {
  relative: ['Relative', 'Seconds since the first packet'],
  absolute: ['Absolute', 'Time of day the packet was captured (local time)'],
  delta: ['Delta', 'Seconds since the previous packet'],
};

export class Toolbar {
  readonly root: HTMLDivElement;
  private readonly follow: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly timeButtons: Map<TimeMode, HTMLButtonElement>;
  private readonly rowsMode: HTMLButtonElement;
  private readonly addressLanes: HTMLButtonElement;
  private readonly processLanes: HTMLButtonElement;
  private readonly timeSpaced: HTMLButtonElement;
  private readonly zoomOut: HTMLButtonElement;
  private readonly zoomIn: HTMLButtonElement;
  private readonly fit: HTMLButtonElement;
  private readonly diagramToggle: HTMLInputElement;
  private readonly filterInput: HTMLInputElement;
  private readonly filterError: HTMLDivElement;
  private readonly filterList: HTMLDataListElement;
  private readonly historyCursor = new HistoryCursor();
  private filterHistory: readonly string[] = [];
  private readonly dedupeBox: HTMLInputElement;
  private readonly dedupeLabel: HTMLLabelElement;

  constructor(events: ToolbarEvents) {
    this.root = el('div', 'toolbar');
    this.root.setAttribute('role', 'toolbar');
    this.root.setAttribute('aria-label', 'Packet Timeline');
    this.follow = button('Follow live', 'Keep the newest packet in view', () => events.followLive());
    this.pause = button('Pause', 'Stop reading the capture; Resume catches up', () => events.togglePause());

    const time = el('span', 'seg');
    time.setAttribute('role', 'group');
    time.setAttribute('aria-label', 'Time column');
    this.timeButtons = new Map(TIME_MODES.map((m) => {
      const b = button(TIME_LABELS[m][0], TIME_LABELS[m][1], () => events.timeMode(m));
      time.appendChild(b);
      return [m, b];
    }));

    const spacing = el('span', 'seg');
    spacing.setAttribute('role', 'group');
    spacing.setAttribute('aria-label', 'Diagram spacing');
    this.rowsMode = button('Rows', 'One packet per row, aligned with the list', () => events.diagramMode('rows'));
    this.timeSpaced = button('Time', 'Arrows placed by capture time (Ctrl+wheel on the diagram zooms)', () => events.diagramMode('time'));
    spacing.append(this.rowsMode, this.timeSpaced);
    const lanes = el('span', 'seg');
    lanes.setAttribute('role', 'group');
    lanes.setAttribute('aria-label', 'Lanes');
    this.addressLanes = button('Addresses', 'One lane per emulated endpoint (address:port), grouped by host', () => events.laneMode('addresses'));
    this.processLanes = button('Processes', PROCESSES_TITLE, () => events.laneMode('processes'));
    lanes.append(this.addressLanes, this.processLanes);
    this.zoomOut = button('−', 'Zoom the time axis out', () => events.zoom(0.5));
    this.zoomIn = button('+', 'Zoom the time axis in', () => events.zoom(2));
    this.fit = button('Fit', 'Fit the packets in view to the diagram\'s height', () => events.fit());
    const diagramLabel = el('label', 'check');
    diagramLabel.title = 'Show or hide the sequence diagram';
    this.diagramToggle = el('input');
    this.diagramToggle.type = 'checkbox';
    this.diagramToggle.addEventListener('change', () => events.toggleDiagram());
    diagramLabel.append(this.diagramToggle, document.createTextNode('Diagram'));

    const filterBox = el('span', 'filter-box');
    this.filterInput = el('input', 'filter');
    this.filterInput.type = 'text';
    this.filterInput.spellcheck = false;
    this.filterInput.placeholder = 'Display filter, e.g. tcp.port == 7777';
    this.filterInput.setAttribute('aria-label', 'Display filter');
    this.filterList = el('datalist');
    this.filterList.id = 'filter-history';
    this.filterInput.setAttribute('list', this.filterList.id);
    this.filterInput.addEventListener('input', () => this.historyCursor.reset());
    this.filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        const next = e.key === 'ArrowUp' ? this.historyCursor.older(this.filterHistory, this.filterInput.value) : this.historyCursor.newer(this.filterHistory);
        if (next !== null) {
          e.preventDefault();
          this.filterInput.value = next;
        }
        return;
      }
      if (e.key === 'Enter') {
        this.historyCursor.reset();
        events.filter(this.filterInput.value);
      }
      if (e.key === 'Escape') {
        this.filterInput.value = '';
        events.filter('');
      }
    });
    this.filterError = el('div', 'filter-error');
    this.filterError.hidden = true;
    filterBox.append(this.filterInput, this.filterList, this.filterError);

    this.dedupeLabel = el('label', 'check');
    this.dedupeBox = el('input');
    this.dedupeBox.type = 'checkbox';
    this.dedupeBox.addEventListener('change', () => events.dedupe(this.dedupeBox.checked));
    this.dedupeLabel.append(this.dedupeBox, document.createTextNode('De-duplicate'));

    // The filter and the De-duplicate toggle stay together: in a narrow panel they wrap as one line.
    const filterGroup = el('span', 'filter-group');
    filterGroup.append(filterBox, this.dedupeLabel);
    this.root.append(
      this.follow, this.pause, sep(),
      el('span', 'label', 'Time'), time, sep(),
      diagramLabel, spacing, this.zoomOut, this.zoomIn, this.fit, el('span', 'label', 'Lanes'), lanes, sep(),
      filterGroup,
    );
  }

  update(s: ToolbarState): void {
    this.follow.setAttribute('aria-pressed', String(s.following && s.live));
    this.follow.disabled = !s.live;
    this.follow.title = s.live ? 'Keep the newest packet in view' : 'Following applies to a live capture';
    this.pause.textContent = s.paused ? 'Resume' : 'Pause';
    this.pause.disabled = !s.canPause;
    for (const [m, b] of this.timeButtons) b.setAttribute('aria-pressed', String(m === s.timeMode));
    this.rowsMode.setAttribute('aria-pressed', String(s.diagramMode === 'rows'));
    this.timeSpaced.setAttribute('aria-pressed', String(s.diagramMode === 'time'));
    const zoomable = s.showDiagram && s.diagramMode === 'time';
    this.zoomIn.disabled = !zoomable;
    this.zoomOut.disabled = !zoomable;
    this.fit.disabled = !zoomable;
    this.diagramToggle.checked = s.showDiagram;
    this.rowsMode.disabled = !s.showDiagram;
    this.timeSpaced.disabled = !s.showDiagram;
    const processes = s.laneMode === 'processes' && s.processesUnavailable === null;
    this.addressLanes.setAttribute('aria-pressed', String(!processes));
    this.processLanes.setAttribute('aria-pressed', String(processes));
    this.addressLanes.disabled = !s.showDiagram;
    // Disabled buttons get no hover events in Chromium: the reason is also the group's tooltip.
    this.processLanes.disabled = !s.showDiagram || s.processesUnavailable !== null;
    this.processLanes.title = s.processesUnavailable ?? PROCESSES_TITLE;
    if (this.processLanes.parentElement !== null) this.processLanes.parentElement.title = s.processesUnavailable ?? '';

    this.filterInput.disabled = !s.capabilities.filter;
    this.filterInput.title = s.capabilities.filter ? 'Display filter: Enter applies, Escape clears' : 'Display filter: coming with the filter engine';
    if (document.activeElement !== this.filterInput) this.filterInput.value = s.filter.expression;
    if (s.filterHistory.join('\n') !== this.filterHistory.join('\n')) {
      this.filterHistory = s.filterHistory;
      clear(this.filterList);
      for (const h of s.filterHistory) {
        const option = el('option');
        option.value = h; // an attribute value, never markup
        this.filterList.appendChild(option);
      }
    }
    const error = s.filter.error;
    this.filterInput.classList.toggle('invalid', error !== undefined);
    this.filterError.hidden = error === undefined;
    // The column marker line is text under text: no markup from the expression ever.
    this.filterError.textContent = error === undefined ? '' : `${s.filter.expression}\n${' '.repeat(Math.max(0, error.column))}^ ${error.message}`;

    this.dedupeBox.disabled = !s.capabilities.dedupe;
    this.dedupeBox.checked = s.dedupe;
    this.dedupeLabel.classList.toggle('disabled', !s.capabilities.dedupe);
    this.dedupeLabel.title = s.capabilities.dedupe
      ? 'Show each packet socket_wrapper wrote twice (by the sender and by the receiver) once, with both times'
      : 'De-duplicate: coming with the de-duplication engine';
  }
}

const PROCESSES_TITLE = 'One lane per traced process (pid and program): a packet goes to the process that held its socket then; fds passed between processes are drawn as dashed arrows';

function sep(): HTMLSpanElement {
  const s = el('span', 'sep');
  s.setAttribute('aria-hidden', 'true');
  return s;
}
