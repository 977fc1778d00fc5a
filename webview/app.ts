// The Packet Timeline webview: owns the view state, turns host messages into component
// updates and paints once per animation frame. Rows are never all here: the list tells us
// what is in view, the RangeCache tells us what is missing, and we ask the host for exactly
// that (plus a margin); while following a live capture the host pushes the newest rows.
// With lanes by process, the session's fd trace (sent by the host as it grows) maps each
// row's arrow to process lanes here (processLanes.ts), and the handoffs are drawn and listed.
import { RangeCache } from '../extension/panel/rangeCache';
import {
  PROTOCOL_VERSION,
  type Capabilities, type CaptureInfo, type ConversationRow, type FilterState, type HostToWebview, type Lane, type LaneMode, type PacketDetails, type StreamContent,
  type PacketRow, type StatusInfo, type TimeBase,
} from '../extension/panel/protocol';
import type { TimeMode } from '../extension/panel/timeText';
import { ConversationsView } from './conversationsView';
import { DetailsPane } from './detailsPane';
import { HandoffsView } from './handoffsView';
import { ProcessLanes } from './processLanes';
import { remember } from '../extension/panel/filterHistory';
import { asBytes } from './bytes';
import { StreamView } from './streamView';
import { button, el } from './dom';
import { PacketList, ROW_HEIGHT } from './packetList';
import { SequenceDiagram } from './sequenceDiagram';
import { splitter } from './splitter';
import { StatusLine } from './statusLine';
import { onThemeChange } from './theme';
import { Toolbar } from './toolbar';
import { loadState, post, saveState, type BottomTab, type DiagramMode, type ViewState } from './vscodeApi';

const EMPTY_STATUS: StatusInfo = { state: 'loading', packets: 0, rows: 0, flows: 0, fileBytes: 0 };
const NO_CAPABILITIES: Capabilities = { filter: false, dedupe: false, followStream: false };
const DEFAULT_EXPANDED = ['tcp', 'udp', 'icmp', 'data'];
const DEFAULT_PX_PER_MS = 20;
/** Row requests in flight at once (see requestMissing). */
const MAX_ROW_REQUESTS = 2;

export class App {
  private capture: CaptureInfo | null = null;
  private status: StatusInfo = EMPTY_STATUS;
  private timeBase: TimeBase | null = null;
  private lanes: readonly Lane[] = [];
  private generation = 0;
  private capabilities: Capabilities = NO_CAPABILITIES;
  private filter: FilterState = { expression: '' };
  private dedupe = false;
  private paused = false;
  private readonly cache = new RangeCache<PacketRow>(128, 256);
  private nextId = 1;
  private selectedPosition: number | null = null;
  private selectedPacket: number | null = null;
  private following = false;
  private timeMode: TimeMode;
  private diagramMode: DiagramMode;
  private showDiagram: boolean;
  private pxPerMs: number;
  private diagramWidth: number | null;
  private bottomHeight: number | null;
  private bottomTab: BottomTab;
  /** The lanes the person chose; processes apply only while the host has a trace for the capture. */
  private laneMode: LaneMode;
  private readonly processes = new ProcessLanes();
  /** What the diagram's lanes were last set from ("addresses/3", "processes/7"). */
  private diagramLanes = '';
  private detailsRequest = 0;
  /** A re-request of rows shown as not read by the peer, in flight (0: none). */
  private unreadRequest = 0;
  private conversationsRequest = 0;
  private conversationsAsked = 0;
  private jumpRequest = 0;
  private frame = 0;
  private lastViewport = '';
  private lastPainted = '';
  private readonly restored: Partial<ViewState> | undefined;
  private readonly tz = -new Date().getTimezoneOffset();

  private readonly toolbar: Toolbar;
  private readonly list: PacketList;
  private readonly diagram: SequenceDiagram;
  private readonly details: DetailsPane;
  private readonly conversations: ConversationsView;
  private readonly handoffs: HandoffsView;
  private readonly stream: StreamView;
  private streamRequest = 0;
  private filterHistory: readonly string[];
  private streamAsked = 0;
  private readonly statusLine = new StatusLine();
  private readonly empty = el('div', 'empty');
  private readonly followButton: HTMLButtonElement;
  private readonly headSplit: HTMLDivElement;
  private readonly bodySplit: HTMLDivElement;
  private readonly bottom = el('div', 'bottom');
  private readonly tabs = new Map<BottomTab, HTMLButtonElement>();

  constructor(private readonly root: HTMLElement) {
    const s = loadState();
    this.restored = s?.protocol === PROTOCOL_VERSION ? s : undefined;
    this.timeMode = this.restored?.timeMode ?? 'relative';
    this.diagramMode = this.restored?.diagramMode ?? 'rows';
    this.showDiagram = this.restored?.showDiagram ?? true;
    this.pxPerMs = this.restored?.pxPerMs ?? DEFAULT_PX_PER_MS;
    this.diagramWidth = this.restored?.diagramWidth ?? null;
    this.bottomHeight = this.restored?.bottomHeight ?? null;
    this.bottomTab = this.restored?.bottomTab ?? 'details';
    this.filterHistory = Array.isArray(this.restored?.filterHistory) ? this.restored.filterHistory.filter((h): h is string => typeof h === 'string') : [];
    this.laneMode = this.restored?.laneMode ?? 'addresses';

    this.toolbar = new Toolbar({
      followLive: () => this.setFollowing(!this.following),
      togglePause: () => {
        this.paused = !this.paused;
        post({ type: 'setPaused', paused: this.paused });
        this.refreshChrome();
      },
      timeMode: (m) => {
        this.timeMode = m;
        this.changed();
      },
      diagramMode: (m) => {
        const entering = m === 'time' && this.diagramMode !== 'time';
        this.diagramMode = m;
        if (entering) this.fitTime();
        this.changed();
      },
      laneMode: (m) => {
        this.laneMode = m;
        post({ type: 'setLaneMode', mode: m });
        this.applyLanes();
        this.changed();
      },
      zoom: (f) => this.zoom(f),
      fit: () => this.fitTime(),
      toggleDiagram: () => {
        this.showDiagram = !this.showDiagram;
        this.applyDiagramWidth();
        this.changed();
      },
      filter: (expression) => post({ type: 'setFilter', requestId: this.nextId++, expression }),
      dedupe: (enabled) => post({ type: 'setDedupe', enabled }),
    });
    this.list = new PacketList({
      select: (p) => this.select(p),
      userScrolled: (atEnd) => {
        if (this.following && !atEnd) this.setFollowing(false);
      },
      changed: () => this.schedule(),
    });
    this.diagram = new SequenceDiagram({ select: (p) => this.select(p), zoom: (f) => this.zoom(f), changed: () => this.schedule() });
    this.headSplit = splitter('vertical', (d) => this.resizeDiagram(d), () => this.changed());
    this.bodySplit = splitter('vertical', (d) => this.resizeDiagram(d), () => this.changed());
    this.list.headSlot.append(this.diagram.head, this.headSplit);
    this.list.bodySlot.append(this.diagram.body, this.bodySplit);
    this.followButton = button('Follow live ↓', 'Scroll to the newest packet and stay there', () => this.setFollowing(true), 'btn primary follow-live');
    this.list.root.append(this.empty, this.followButton);

    this.details = new DetailsPane(this.restored?.expanded ?? DEFAULT_EXPANDED, () => this.changed());
    this.conversations = new ConversationsView((packet) => this.jumpTo(packet));
    this.handoffs = new HandoffsView((expression) => post({ type: 'setFilter', requestId: this.nextId++, expression }));
    this.stream = new StreamView(this.restored?.streamFormat ?? 'text', () => this.save());
    this.buildBottom();

    root.append(this.toolbar.root, this.statusLine.banner, this.list.root, splitter('horizontal', (d) => this.resizeBottom(d), () => this.changed()), this.bottom, this.statusLine.root);
    root.removeAttribute('aria-busy');
    new ResizeObserver(() => {
      this.applyDiagramWidth();
      this.applyBottomHeight();
      this.schedule();
    }).observe(root);
    onThemeChange(() => this.schedule());
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as HostToWebview));
    this.refreshChrome();
    post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  // ---- host messages ----

  private onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'init':
        this.onInit(m.capture, m.status, m.time, m.lanes, m.generation, m.capabilities, m.filter, m.dedupe, m.paused);
        break;
      case 'update':
        this.status = m.status;
        if (m.time !== undefined) {
          this.timeBase = m.time;
          this.processes.setTimeBase(m.time);
          this.refreshHandoffs();
        }
        if (m.generation === this.generation) {
          this.setRowCount(m.status.rows);
          if (m.tail !== undefined) this.cache.put(m.tail.start, m.tail.rows);
          this.refreshUnread();
        }
        if (this.following) this.list.scrollToEnd();
        this.refreshConversations(false);
        this.refreshStream(false);
        this.refreshChrome();
        this.schedule();
        break;
      case 'lanes':
        this.lanes = m.lanes;
        this.processes.setAddressLanes(m.lanes);
        this.applyLanes(true);
        this.schedule();
        break;
      case 'processes':
        this.processes.setView(m.view);
        this.applyLanes();
        this.refreshHandoffs();
        this.changed();
        break;
      case 'unattributed':
        this.processes.setUnattributed(m.endpoints);
        this.applyLanes();
        this.schedule();
        break;
      case 'rows':
        if (m.requestId === this.unreadRequest) this.unreadRequest = 0;
        this.cache.settled(m.requestId);
        if (m.generation === this.generation && m.rows.length > 0) {
          this.cache.put(m.start, m.rows);
          this.resolveSelection();
          // Painting also asks for what is still missing, now that a request is free. (An
          // empty answer, stale or failed, waits for the next paint: no request loop.)
          this.schedule();
        }
        break;
      case 'reset':
        this.generation = m.generation;
        this.status = m.status;
        this.filter = m.filter;
        this.dedupe = m.dedupe;
        this.cache.clear();
        this.setRowCount(m.status.rows);
        if (this.selectedPacket !== null) this.jumpTo(this.selectedPacket, false);
        this.refreshChrome();
        this.schedule();
        break;
      case 'details':
        if (m.requestId !== this.detailsRequest) break;
        if (m.details !== null) this.details.show(withBytes(m.details));
        else this.details.showHint(m.error ?? 'No details for this packet.');
        break;
      case 'conversations':
        if (m.requestId === this.conversationsRequest) this.conversations.show(m.conversations as ConversationRow[], m.total);
        break;
      case 'located':
        if (m.requestId === this.jumpRequest && m.position !== null) {
          this.selectPosition(m.position, m.packet);
          this.list.reveal(m.position);
        }
        break;
      case 'filterResult':
        this.filter = m.filter;
        if (m.filter.error === undefined) this.filterHistory = remember(this.filterHistory, m.filter.expression);
        this.refreshChrome();
        break;
      case 'stream':
        if (m.requestId !== this.streamRequest) break;
        if (m.stream !== null) this.stream.show(withStreamBytes(m.stream));
        else this.stream.showHint(m.error ?? 'No stream for this flow.');
        break;
    }
  }

  private onInit(capture: CaptureInfo, status: StatusInfo, time: TimeBase | null, lanes: readonly Lane[], generation: number, capabilities: Capabilities, filter: FilterState, dedupe: boolean, paused: boolean): void {
    const sameCapture = this.restored?.capturePath === capture.path && this.capture === null;
    const switched = this.capture !== null && this.capture.path !== capture.path;
    this.capture = capture;
    this.status = status;
    this.timeBase = time;
    this.lanes = lanes;
    this.generation = generation;
    this.capabilities = capabilities;
    this.filter = filter;
    this.dedupe = dedupe;
    this.paused = paused;
    this.cache.clear();
    if (switched) this.processes.reset();
    this.processes.setAddressLanes(lanes);
    this.processes.setTimeBase(time);
    this.applyLanes(true);
    post({ type: 'setLaneMode', mode: this.laneMode });
    this.setRowCount(status.rows);
    this.applyDiagramWidth();
    this.applyBottomHeight();
    const liveCapture = capture.origin === 'session' && status.state !== 'ended';
    if (sameCapture && this.restored !== undefined) {
      // The panel was hidden and shown again: put the view back where the person left it.
      this.following = (this.restored.following ?? liveCapture) && liveCapture;
      if (this.following) this.list.scrollToEnd();
      else this.list.scrollToTop((this.restored.topPosition ?? 0) * ROW_HEIGHT);
      const packet = this.restored.selectedPacket ?? null;
      if (packet !== null) this.jumpTo(packet, false);
    } else {
      if (switched) {
        this.selectedPacket = null;
        this.selectedPosition = null;
        this.details.showHint('Select a packet to see its fields and bytes.');
      }
      this.following = liveCapture;
      if (this.following) this.list.scrollToEnd();
      else this.list.scrollToTop(0);
    }
    this.lastViewport = '';
    this.refreshConversations(true);
    this.refreshChrome();
    this.schedule();
  }

  // ---- selection, following, jumping ----

  private select(position: number): void {
    this.setFollowing(false);
    const row = this.cache.get(position);
    this.selectPosition(position, row?.n ?? null);
  }

  private selectPosition(position: number, packet: number | null): void {
    this.selectedPosition = position;
    this.selectedPacket = packet;
    this.list.setSelected(position);
    if (packet !== null) this.requestDetails(packet);
    this.refreshStream(true);
    this.changed();
  }

  /** The selected row had not arrived when it was chosen; now that it has, ask for its details. */
  private resolveSelection(): void {
    if (this.selectedPosition === null || this.selectedPacket !== null) return;
    const row = this.cache.get(this.selectedPosition);
    if (row !== undefined) {
      this.selectedPacket = row.n;
      this.requestDetails(row.n);
      this.refreshStream(true);
    }
  }

  private requestDetails(packet: number): void {
    if (this.details.packet === packet) return;
    this.detailsRequest = this.nextId++;
    post({ type: 'requestDetails', requestId: this.detailsRequest, packet });
  }

  /** Selects packet `packet` wherever it is in the current view (the host knows its row). */
  private jumpTo(packet: number, stopFollowing = true): void {
    if (stopFollowing) this.setFollowing(false);
    this.jumpRequest = this.nextId++;
    post({ type: 'locate', requestId: this.jumpRequest, packet });
  }

  private setFollowing(on: boolean): void {
    const live = this.capture?.origin === 'session' && this.status.state !== 'ended';
    const next = on && live;
    if (next === this.following) return;
    this.following = next;
    if (next) this.list.scrollToEnd();
    this.refreshChrome();
    this.changed();
  }

  /** Time mode's scale so that the rows in view span the diagram's height. */
  private fitTime(): void {
    const v = this.list.visible();
    const scale = SequenceDiagram.fitScale({ first: v.first, count: v.count, height: this.list.bodyHeight, row: (p) => this.cache.get(p) });
    if (scale !== null) this.pxPerMs = Math.min(1e4, Math.max(1e-4, scale));
    this.changed();
  }

  private zoom(factor: number): void {
    this.pxPerMs = Math.min(1e4, Math.max(1e-4, this.pxPerMs * factor));
    this.changed();
  }

  // ---- layout ----

  private applyDiagramWidth(): void {
    const total = this.root.clientWidth;
    const shown = this.showDiagram;
    this.diagram.head.style.display = shown ? '' : 'none';
    this.diagram.body.style.display = shown ? '' : 'none';
    this.headSplit.style.display = shown ? '' : 'none';
    this.bodySplit.style.display = shown ? '' : 'none';
    if (!shown || total === 0) return;
    const wanted = this.diagramWidth ?? Math.min(this.diagram.preferredWidth(), total * 0.4);
    this.diagram.setWidth(Math.max(180, Math.min(wanted, total - 360)));
  }

  private resizeDiagram(delta: number): void {
    this.diagramWidth = this.diagram.currentWidth + delta;
    this.applyDiagramWidth();
    this.schedule();
  }

  private applyBottomHeight(): void {
    const total = this.root.clientHeight;
    if (total === 0) return;
    // By default the list gets most of the height: details need a few lines, packets need many.
    const h = this.bottomHeight ?? Math.min(320, Math.round(total * 0.3));
    this.bottom.style.height = `${Math.max(80, Math.min(h, total - 220))}px`;
  }

  private resizeBottom(delta: number): void {
    this.bottomHeight = this.bottom.getBoundingClientRect().height - delta;
    this.applyBottomHeight();
  }

  /** Lanes by process are drawn: chosen, and the capture's session has an fd trace. */
  private get processMode(): boolean {
    return this.laneMode === 'processes' && this.processes.available;
  }

  /** Gives the diagram the lanes of the mode in force, when they changed (`force`: address lanes changed). */
  private applyLanes(force = false): void {
    const key = this.processMode ? `processes/${this.processes.laneVersion}` : `addresses/${this.lanes.length}`;
    if (key === this.diagramLanes && !force) return;
    this.diagramLanes = key;
    if (this.processMode) this.diagram.setLanes(this.processes.lanes(), true);
    else this.diagram.setLanes(this.lanes);
    this.applyDiagramWidth();
  }

  /** Why lanes by process cannot be chosen; null when they can. */
  private processesUnavailable(): string | null {
    if (this.processes.available) return null;
    if (this.capture?.origin !== 'session') return 'Lanes by process need the fd trace of a socket_wrapper session; this capture was opened on its own';
    return 'Lanes by process need an fd trace: this session runs without one (set "fdTrace": true in its launch configuration)';
  }

  /** The Handoffs tab, when shown, with what the trace says now. */
  private refreshHandoffs(): void {
    if (this.bottomTab !== 'handoffs') return;
    if (!this.processes.available) {
      this.handoffs.showNone(this.processesUnavailable() ?? '');
      return;
    }
    this.handoffs.show(this.processes.handoffs, this.processes.totalHandoffs, this.timeBase, (t) => this.processes.rel(t));
  }

  private buildBottom(): void {
    const tabs = el('div', 'tabs');
    tabs.setAttribute('role', 'tablist');
    const add = (id: BottomTab, label: string, title: string): void => {
      const b = button(label, title, () => this.showTab(id), 'tab');
      b.setAttribute('role', 'tab');
      this.tabs.set(id, b);
      tabs.appendChild(b);
    };
    add('details', 'Packet Details', 'Fields and bytes of the selected packet');
    add('conversations', 'Conversations', 'Every flow of the capture; click one to go to its first packet');
    add('stream', 'Follow Stream', 'The payload of the selected packet\'s flow, both directions');
    add('handoffs', 'Handoffs', HANDOFFS_TITLE);
    this.bottom.append(tabs, this.details.root, this.conversations.root, this.stream.root, this.handoffs.root);
    this.showTab(this.bottomTab);
  }

  private showTab(tab: BottomTab): void {
    this.bottomTab = tab;
    for (const [id, b] of this.tabs) b.setAttribute('aria-selected', String(id === tab));
    this.details.root.hidden = tab !== 'details';
    this.conversations.root.hidden = tab !== 'conversations';
    this.stream.root.hidden = tab !== 'stream';
    this.handoffs.root.hidden = tab !== 'handoffs';
    this.refreshHandoffs();
    this.refreshConversations(true);
    this.refreshStream(true);
    this.changed();
  }

  /**
   * Asks for the selected packet's flow when the Follow Stream tab is shown: at once when
   * the selection or tab changes, at most twice a second while a live capture grows.
   */
  private refreshStream(now: boolean): void {
    if (this.bottomTab !== 'stream' || this.capture === null || !this.capabilities.followStream) return;
    const flow = this.selectedPosition === null ? -1 : (this.cache.get(this.selectedPosition)?.flow ?? -1);
    if (flow < 0) {
      this.stream.showHint(this.selectedPosition === null ? 'Select a TCP or UDP packet to follow its stream.' : 'The selected packet belongs to no TCP or UDP flow.');
      return;
    }
    if (!now && (flow !== this.stream.flow || Date.now() - this.streamAsked < 500)) return;
    this.streamAsked = Date.now();
    this.streamRequest = this.nextId++;
    post({ type: 'followStream', requestId: this.streamRequest, flow });
  }

  /** Asks for the conversation list when its tab is shown, at most once a second while live. */
  private refreshConversations(now: boolean): void {
    if (this.bottomTab !== 'conversations' || this.capture === null) return;
    if (!now && Date.now() - this.conversationsAsked < 1000) return;
    this.conversationsAsked = Date.now();
    this.conversationsRequest = this.nextId++;
    post({ type: 'requestConversations', requestId: this.conversationsRequest });
  }

  private setRowCount(rows: number): void {
    this.cache.setRowCount(rows);
    this.list.setRowCount(rows);
  }

  private refreshChrome(): void {
    const live = this.capture?.origin === 'session' && this.status.state !== 'ended';
    this.toolbar.update({
      live, following: this.following, paused: this.paused,
      canPause: live && this.status.state !== 'error' && this.status.state !== 'loading',
      timeMode: this.timeMode, diagramMode: this.diagramMode, showDiagram: this.showDiagram,
      laneMode: this.laneMode, processesUnavailable: this.processesUnavailable(),
      capabilities: this.capabilities, filter: this.filter, filterHistory: this.filterHistory, dedupe: this.dedupe,
    });
    // Without a trace the tab stays reachable and says why it is empty.
    const handoffsTab = this.tabs.get('handoffs');
    if (handoffsTab !== undefined) handoffsTab.title = this.processesUnavailable() ?? HANDOFFS_TITLE;
    const tab = this.tabs.get('stream');
    if (tab !== undefined) {
      tab.disabled = !this.capabilities.followStream;
      tab.title = this.capabilities.followStream ? 'The payload of the selected packet\'s flow, both directions' : 'Follow Stream needs the stream engine, which this build lacks';
      if (tab.disabled && this.bottomTab === 'stream') this.showTab('details');
    }
    this.statusLine.update(this.status, this.capture, this.lanes.length, this.following);
    this.followButton.hidden = !(live && !this.following && this.status.rows > 0);
    this.empty.hidden = this.status.rows > 0;
    this.empty.textContent = emptyText(this.status, this.capture);
  }

  // ---- painting ----

  /** A state change that should be painted and remembered. */
  private changed(): void {
    this.refreshChrome();
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const v = this.list.visible();
    const source = { row: (p: number) => this.cache.get(p) };
    this.list.setSelected(this.selectedPosition);
    const newest = this.list.render(source, this.timeMode, this.timeBase, this.tz);
    if (this.showDiagram) {
      const processes = this.processMode ? this.processes : null;
      // Filtered: only the handoffs of the connections shown (rows in view and a screen around).
      const around = Array.from({ length: v.count * 3 }, (_, k) => source.row(v.first - v.count + k));
      const handoffs = processes === null ? [] : this.filter.expression === '' ? processes.handoffs : processes.handoffsOf(around);
      this.diagram.render({
        first: v.first, offset: v.offset, count: v.count, height: this.list.bodyHeight, row: source.row,
        rowCount: this.list.count, selected: this.selectedPosition, mode: this.diagramMode, pxPerMs: this.pxPerMs,
        ...(processes !== null ? {
          ends: (row: PacketRow) => processes.ends(row),
          handoffs: { events: handoffs, micros: (row: PacketRow) => processes.micros(row), rel: (t: number) => processes.rel(t) },
        } : {}),
      });
      // A row needed an unattributed lane the host had not listed (yet): lay out again.
      if (processes !== null && `processes/${processes.laneVersion}` !== this.diagramLanes) {
        this.applyLanes();
        this.schedule();
      }
    }
    this.cache.touch(v.first, v.first + v.count);
    this.requestMissing(v.first, v.count);
    const viewport = `${v.first}/${v.count}/${this.following}`;
    if (viewport !== this.lastViewport) {
      this.lastViewport = viewport;
      post({ type: 'viewport', first: v.first, count: v.count, following: this.following });
    }
    const painted = `${newest}/${this.list.count}`;
    if (painted !== this.lastPainted) {
      this.lastPainted = painted;
      post({ type: 'painted', newest, rows: this.list.count, domRows: this.list.domRows, at: performance.timeOrigin + performance.now() });
    }
    this.save();
  }

  /**
   * Rows on screen marked "not read by the peer" may have been read since: the capture grew,
   * so ask for them again (one request in flight at a time; the reply overwrites the cache).
   */
  private refreshUnread(): void {
    if (!this.dedupe || this.unreadRequest !== 0) return;
    const v = this.list.visible();
    let lo = -1;
    let hi = -1;
    for (let p = v.first; p < v.first + v.count; p++) {
      const r = this.cache.get(p);
      if (r?.mirror !== undefined && r.mirror.receivedAt === null) {
        if (lo < 0) lo = p;
        hi = p;
      }
    }
    if (lo < 0) return;
    this.unreadRequest = this.nextId++;
    post({ type: 'requestRows', requestId: this.unreadRequest, generation: this.generation, start: lo, count: hi - lo + 1 });
  }

  /**
   * Asks for the rows in view, then a screen above and below (two below in time mode: it
   * looks further ahead), with at most MAX_ROW_REQUESTS in flight: each reply paints and
   * asks again for what is in view by then. Scrolling faster than the host answers (a
   * scrollbar dragged across a million rows) then fetches the places the list rests at,
   * not every screen it passed, whose replies came in bursts and held up the frames.
   */
  private requestMissing(first: number, count: number): void {
    const margin = Math.max(count, 40);
    const ahead = this.showDiagram && this.diagramMode === 'time' ? margin * 3 : margin;
    for (const [from, to] of [[first, first + count], [Math.max(0, first - margin), first + count + ahead]]) {
      for (const range of this.cache.missing(from, to)) {
        if (this.cache.pendingRequests >= MAX_ROW_REQUESTS) return;
        const id = this.nextId++;
        this.cache.requested(range, id);
        post({ type: 'requestRows', requestId: id, generation: this.generation, start: range.start, count: range.count });
      }
    }
  }

  private save(): void {
    if (this.capture === null) return;
    saveState({
      protocol: PROTOCOL_VERSION,
      capturePath: this.capture.path,
      topPosition: this.list.visible().first,
      selectedPacket: this.selectedPacket,
      following: this.following,
      timeMode: this.timeMode,
      diagramMode: this.diagramMode,
      showDiagram: this.showDiagram,
      pxPerMs: this.pxPerMs,
      diagramWidth: this.diagramWidth,
      bottomHeight: this.bottomHeight,
      bottomTab: this.bottomTab,
      streamFormat: this.stream.streamFormat,
      filterHistory: this.filterHistory,
      expanded: this.details.expandedKeys,
      laneMode: this.laneMode,
    });
  }
}

const HANDOFFS_TITLE = 'Fds the session\'s processes passed to each other (SCM_RIGHTS); click a passed connection to filter the timeline to it';

function emptyText(status: StatusInfo, capture: CaptureInfo | null): string {
  if (capture === null || status.state === 'loading') return 'Reading the capture…';
  if (status.state === 'waiting') return 'Waiting for the capture file…\nsocket_wrapper creates it when a wrapped program sends its first packet.';
  if (status.state === 'error') return 'No complete packet could be read (see the message above).';
  if (status.packets > 0) return 'No packet matches the filter.';
  if (capture.origin === 'session' && status.state !== 'ended') return 'No packets yet.\nThey appear here as the programs talk.';
  return 'This capture holds no packets.';
}

/** postMessage may deliver the bytes as a typed array or, through some hosts, as a plain array. */
function withBytes(d: PacketDetails): PacketDetails {
  return d.bytes instanceof Uint8Array ? d : { ...d, bytes: asBytes(d.bytes) };
}

/** The stream with its segments' bytes as Uint8Arrays (see bytes.ts). */
function withStreamBytes(c: StreamContent): StreamContent {
  return { ...c, segments: c.segments.map((seg) => (seg.data instanceof Uint8Array ? seg : { ...seg, data: asBytes(seg.data) })) };
}
