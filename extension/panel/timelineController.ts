// The Packet Timeline's host-side brain, one per open panel, free of `vscode` so it can be
// unit-tested with real capture files: it follows the capture (CaptureFile.follow: fs.watch
// on the directory plus a poll), keeps the row view and lanes, answers the webview's
// requests for row ranges, details and conversations, and sends throttled status updates
// (at most one per UPDATE_INTERVAL_MS however fast packets arrive). The VS Code side
// (host/timelinePanel.ts) only moves messages between this and a webview.
import * as fs from 'fs';
import * as path from 'path';
import type { FollowHandle, ReadMoreResult } from '../capture/captureFile';
import type { CaptureError } from '../capture/errors';
import type { TraceAnalysis } from '../fdtrace/analyze';
import { CaptureSource } from './captureSource';
import { isFilterError, type CompiledFilter, type PanelEngines } from './engines';
import {
  BURST_ROWS, BURST_UPDATE_INTERVAL_MS, MAX_CONVERSATIONS, MAX_ROWS_PER_REQUEST, parseWebviewMessage, PROTOCOL_VERSION, UPDATE_INTERVAL_MS,
  type CaptureInfo, type CaptureProblem, type CaptureState, type FilterState, type HostToWebview, type PacketRow,
  type FieldNode, type PacketDetails, type PaintedMessage, type RowsBlock, type StatusInfo, type WebviewToHost,
} from './protocol';
import { mirrorText } from './mirrorText';
import { RowView } from './rowView';
import { realTimers, Throttle, type Timers } from './throttle';
import { TimelineProcesses, type PacketAttribution, type ProcessSnapshot } from './timelineProcesses';

/** The capture a panel shows. */
export interface TimelineTarget {
  readonly path: string;
  readonly origin: 'session' | 'file';
  readonly session?: string;
  /** The session writing it is running (only for origin 'session'). */
  readonly live: boolean;
}

export interface ControllerOptions {
  /** Delivers a message to the webview (dropped by VS Code while the webview is gone). */
  readonly post: (message: HostToWebview) => void;
  readonly engines?: PanelEngines;
  readonly timers?: Timers;
  readonly updateIntervalMs?: number;
  /** Poll period of the follow fallback (fs.watch usually wakes us first). */
  readonly pollIntervalMs?: number;
  /** A file opened on its own whose end is incomplete is declared damaged after this long without growth. */
  readonly settleMs?: number;
  /** Called with every `painted` report (tests, benchmark). */
  readonly onPainted?: (message: PaintedMessage) => void;
  /** Called after each read that found packets, with the packet count (benchmark). */
  readonly onRead?: (packets: number) => void;
  readonly log?: (line: string) => void;
}

/** What a test or the benchmark can see of a panel. */
export interface TimelineSnapshot {
  readonly capture: CaptureInfo;
  readonly status: StatusInfo;
  readonly lanes: number;
  /** Rows sent to the webview so far (replies and live tails). */
  readonly rowsSent: number;
  readonly updatesSent: number;
  /** The webview said `ready` and has not gone away since. */
  readonly attached: boolean;
  readonly following: boolean;
  readonly painted: PaintedMessage | null;
  /** The display filter in force. */
  readonly filter: string;
  /** Lanes by process: the session's fd trace as the webview was told. */
  readonly processes: ProcessSnapshot;
}

/** Sent with updates while the webview follows the live end; a little more than a screen. */
const MAX_TAIL_ROWS = 200;

export class TimelineController {
  private source: CaptureSource;
  private readonly view = new RowView();
  private readonly throttle: Throttle;
  private readonly timers: Timers;
  private generation = 1;
  private attached = false;
  private loading = true;
  private paused = false;
  private ended = false;
  private problem: CaptureProblem | undefined;
  private follower: FollowHandle | null = null;
  private following = false;
  private viewportRows = 40;
  /** Row count and lane count the webview was last told about. */
  private sentRows = 0;
  /** New rows the last update announced: a burst lengthens the update interval. */
  private lastBatch = 0;
  private sentLanes = 0;
  private timeSent = false;
  private filter: FilterState = { expression: '' };
  private compiledFilter: CompiledFilter | null = null;
  private dedupe = false;
  /** The person toggled de-duplication in this panel: their choice outlives the default. */
  private dedupeChosen = false;
  private settleTimer: unknown = undefined;
  private disposed = false;
  private stats = { rowsSent: 0, updatesSent: 0 };
  private lastPainted: PaintedMessage | null = null;
  private readonly processes: TimelineProcesses;
  /** Resolves when the current capture's first read is done (tests). */
  loaded: Promise<void>;

  constructor(private target: TimelineTarget, private readonly options: ControllerOptions) {
    this.timers = options.timers ?? realTimers;
    this.throttle = new Throttle(
      options.updateIntervalMs ?? (() => (this.lastBatch > BURST_ROWS ? BURST_UPDATE_INTERVAL_MS : UPDATE_INTERVAL_MS)),
      () => this.sendUpdate(),
      this.timers,
    );
    this.source = new CaptureSource(target.path);
    this.processes = new TimelineProcesses((m) => this.post(m), () => this.source, this.timers);
    this.applyDedupeDefault();
    this.loaded = this.start();
  }

  get capturePath(): string {
    return this.target.path;
  }

  get origin(): 'session' | 'file' {
    return this.target.origin;
  }

  get sessionName(): string | undefined {
    return this.target.session;
  }

  get isLive(): boolean {
    return this.target.origin === 'session' && !this.ended;
  }

  /** Shows another capture in the same panel (a new session reuses the panel of an ended one). */
  retarget(target: TimelineTarget): void {
    this.stopFollowing();
    this.clearSettle();
    this.source.close();
    this.target = target;
    this.source = new CaptureSource(target.path);
    this.applyDedupeDefault();
    this.generation++;
    this.loading = true;
    this.ended = false;
    this.problem = undefined;
    this.paused = false;
    this.sentRows = 0;
    this.sentLanes = 0;
    this.timeSent = false;
    this.loaded = this.start();
    if (this.attached) this.sendInit();
    this.processes.setTrace(null); // the host gives the new session's trace, if it has one
  }

  /** The fd trace of the panel's session, whenever it changes (null: none). Gives lanes by process. */
  setTrace(analysis: TraceAnalysis | null): void {
    if (!this.disposed) this.processes.setTrace(analysis);
  }

  /** Where each packet's ends go with lanes by process (tests). */
  attribution(limit = 10_000): PacketAttribution[] {
    return this.processes.attribution(limit);
  }

  /** The session writing the capture ended: read what is left, then check that the file ends cleanly. */
  sessionEnded(): void {
    if (this.target.origin !== 'session' || this.ended) return;
    this.ended = true;
    void this.loaded.then(() => {
      if (this.disposed || this.ended !== true) return;
      this.stopFollowing();
      this.take(this.source.capture.readMore());
      this.finishCapture();
      this.throttle.flushNow();
    });
  }

  /** The webview went away (panel hidden without retained context): stop sending until it is ready again. */
  detach(): void {
    this.attached = false;
    this.following = false;
  }

  /** A message from the webview; anything malformed is ignored. */
  handle(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (message === null || this.disposed) {
      this.options.log?.(`timeline: ignored a malformed message from the webview`);
      return;
    }
    try {
      this.dispatch(message);
    } catch (err) {
      this.options.log?.(`timeline: ${message.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Applies a display filter chosen outside the webview (the Sockets view's "Filter Packet Timeline to This Flow"). */
  applyFilter(expression: string): void {
    this.setFilter(0, expression);
  }

  snapshot(): TimelineSnapshot {
    return {
      capture: this.captureInfo(),
      status: this.status(),
      lanes: this.source.lanes.size,
      rowsSent: this.stats.rowsSent,
      updatesSent: this.stats.updatesSent,
      attached: this.attached,
      following: this.following,
      painted: this.lastPainted,
      filter: this.filter.expression,
      processes: this.processes.snapshot(),
    };
  }

  dispose(): void {
    this.disposed = true;
    this.stopFollowing();
    this.clearSettle();
    this.throttle.dispose();
    this.processes.dispose();
    this.source.close();
  }

  // ---- reading the capture ----

  private async start(): Promise<void> {
    const source = this.source;
    let result: ReadMoreResult;
    try {
      result = await source.capture.readMoreAsync();
    } catch (err) {
      // CaptureFile reports bad data as results; a throw is a bug or an OS surprise. Say so and stop.
      if (this.disposed || source !== this.source) return;
      this.loading = false;
      this.problem = { kind: 'io', offset: source.capture.offset, message: err instanceof Error ? err.message : String(err), packetsBefore: source.packetCount };
      this.throttle.flushNow();
      return;
    }
    if (this.disposed || source !== this.source) return;
    this.loading = false;
    if (this.target.origin === 'file' && !this.dedupeChosen) this.decideFileDedupe();
    this.take(result);
    // A file nobody wrote to lately is final now; a fresh one gets settleMs to finish its last record.
    if (this.target.origin === 'file' || this.ended) this.scheduleSettle(this.ended || !recentlyModified(source.path, this.options.settleMs ?? 2000) ? 0 : undefined);
    if (!this.paused && this.problem === undefined && !this.ended) this.startFollowing();
    this.throttle.flushNow();
  }

  private startFollowing(): void {
    if (this.follower !== null) return;
    const source = this.source;
    this.follower = source.capture.follow((r) => {
      if (source !== this.source || this.disposed) return;
      this.take(r);
      if (r.added > 0) this.options.onRead?.(source.packetCount);
      if (this.target.origin === 'file') this.scheduleSettle();
      this.throttle.request();
    }, { intervalMs: this.options.pollIntervalMs ?? 500 });
  }

  private stopFollowing(): void {
    this.follower?.dispose();
    this.follower = null;
  }

  /** Takes in a read: new packets into the view, an error into the banner. */
  private take(r: ReadMoreResult): void {
    if (r.added > 0) {
      this.source.absorb();
      this.view.extend(this.source.capture, this.source.packetCount);
    }
    if (r.error !== null) this.fail(r.error);
  }

  private fail(error: CaptureError): void {
    if (this.problem !== undefined) return;
    this.problem = { kind: error.kind, offset: error.offset, message: error.problem, packetsBefore: this.source.packetCount };
    this.stopFollowing();
    this.options.log?.(`timeline: ${this.target.path}: ${error.message}`);
    this.throttle.flushNow();
  }

  /**
   * A file nobody is known to write: if its end stays incomplete for settleMs, it is final,
   * so ask the engine whether it ends cleanly (a cut record is reported with its offset).
   */
  private scheduleSettle(delay = this.options.settleMs ?? 2000): void {
    this.clearSettle();
    const source = this.source;
    const sizeThen = fileSize(source.path);
    this.settleTimer = this.timers.setTimeout(() => {
      this.settleTimer = undefined;
      if (source !== this.source || this.disposed || this.problem !== undefined) return;
      const size = fileSize(source.path);
      if (size !== sizeThen) return this.scheduleSettle();
      if (size === null && this.ended) return; // no process ever wrote a packet: nothing to report
      if (size === null || size > source.capture.offset || source.packetCount === 0) this.finishCapture();
    }, delay);
  }

  private clearSettle(): void {
    if (this.settleTimer !== undefined) this.timers.clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }

  private finishCapture(): void {
    if (this.problem !== undefined) return;
    if (fileSize(this.source.path) === null) return; // never created: "waiting" says it all
    const error = this.source.capture.finish();
    if (error !== null) this.fail(error);
  }

  // ---- state sent to the webview ----

  private state(): CaptureState {
    if (this.problem !== undefined) return 'error';
    if (this.loading) return 'loading';
    if (this.paused) return 'paused';
    if (this.source.packetCount === 0 && !this.ended && fileSize(this.source.path) === null) return 'waiting';
    if (this.target.origin === 'session') return this.ended ? 'ended' : 'live';
    return 'file';
  }

  private status(): StatusInfo {
    return {
      state: this.state(),
      packets: this.source.packetCount,
      rows: this.view.rowCount,
      flows: this.source.flowCount,
      fileBytes: this.source.capture.offset,
      ...(this.problem !== undefined ? { error: this.problem } : {}),
    };
  }

  private captureInfo(): CaptureInfo {
    return {
      path: this.target.path,
      name: path.basename(this.target.path),
      origin: this.target.origin,
      ...(this.target.session !== undefined ? { session: this.target.session } : {}),
    };
  }

  private post(message: HostToWebview): void {
    if (!this.attached || this.disposed) return;
    this.options.post(message);
  }

  private sendInit(): void {
    const engines = this.options.engines ?? {};
    this.sentRows = this.view.rowCount;
    this.sentLanes = this.source.lanes.size;
    const time = this.source.timeBase();
    this.timeSent = time !== null;
    this.post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      generation: this.generation,
      capture: this.captureInfo(),
      status: this.status(),
      time,
      lanes: this.source.lanes.lanes.slice(),
      capabilities: { filter: engines.filter !== undefined, dedupe: engines.deduper !== undefined, followStream: engines.streams !== undefined },
      filter: this.filter,
      dedupe: this.dedupe,
      paused: this.paused,
    });
  }

  private sendLanesIfGrown(): void {
    if (this.source.lanes.size > this.sentLanes) {
      this.sentLanes = this.source.lanes.size;
      this.post({ type: 'lanes', lanes: this.source.lanes.lanes.slice() });
    }
  }

  private sendUpdate(): void {
    if (!this.attached) return;
    const rows = this.view.rowCount;
    let tail: RowsBlock | undefined;
    if (this.following && rows > this.sentRows) {
      const want = Math.min(MAX_TAIL_ROWS, Math.max(16, this.viewportRows + 4));
      const start = Math.max(this.sentRows, rows - want);
      tail = { start, rows: this.buildRows(start, rows - start) };
      this.stats.rowsSent += tail.rows.length;
    }
    this.sendLanesIfGrown();
    this.processes.captureGrew();
    const time = !this.timeSent ? this.source.timeBase() : null;
    if (time !== null) this.timeSent = true;
    this.lastBatch = rows - this.sentRows;
    this.sentRows = rows;
    this.stats.updatesSent++;
    this.post({
      type: 'update',
      generation: this.generation,
      status: this.status(),
      ...(time !== null ? { time } : {}),
      ...(tail !== undefined ? { tail } : {}),
    });
  }

  private buildRows(start: number, count: number): PacketRow[] {
    const out: PacketRow[] = [];
    const end = Math.min(this.view.rowCount, start + count);
    const deduper = this.dedupe ? this.options.engines?.deduper : undefined;
    for (let p = start; p < end; p++) {
      const packet = this.view.packetAt(p);
      const row = this.source.row(packet);
      const mirror = deduper?.mirrorOf(this.source.capture, packet) ?? null;
      out.push(mirror !== null ? { ...row, mirror } : row);
    }
    return out;
  }

  // ---- requests ----

  private dispatch(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.attached = true;
        this.sendInit();
        this.processes.resend();
        return;
      case 'setLaneMode':
        this.processes.setMode(m.mode);
        return;
      case 'requestRows': {
        if (m.generation !== this.generation) {
          // Stale: answer empty so the webview settles the request, then asks again.
          this.post({ type: 'rows', requestId: m.requestId, generation: m.generation, start: m.start, rows: [] });
          return;
        }
        let rows: PacketRow[];
        try {
          rows = this.buildRows(m.start, Math.min(m.count, MAX_ROWS_PER_REQUEST));
        } catch (err) {
          // Always answer: the webview keeps few requests in flight and waits for each.
          this.options.log?.(`timeline: rows ${m.start}+${m.count} failed: ${err instanceof Error ? err.message : String(err)}`);
          rows = [];
        }
        this.stats.rowsSent += rows.length;
        this.sendLanesIfGrown();
        this.post({ type: 'rows', requestId: m.requestId, generation: this.generation, start: m.start, rows });
        return;
      }
      case 'requestDetails': {
        if (m.packet >= this.source.packetCount) {
          this.post({ type: 'details', requestId: m.requestId, packet: m.packet, details: null, error: `packet ${m.packet + 1} is not in the capture` });
          return;
        }
        try {
          this.post({ type: 'details', requestId: m.requestId, packet: m.packet, details: this.detailsOf(m.packet) });
        } catch (err) {
          this.post({ type: 'details', requestId: m.requestId, packet: m.packet, details: null, error: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'viewport': {
        const wasFollowing = this.following;
        this.following = m.following;
        this.viewportRows = Math.min(m.count, MAX_TAIL_ROWS);
        if (this.following && !wasFollowing) this.throttle.request();
        return;
      }
      case 'setPaused':
        this.setPaused(m.paused);
        return;
      case 'requestConversations':
        this.post({
          type: 'conversations', requestId: m.requestId,
          conversations: this.source.conversations(MAX_CONVERSATIONS), total: this.source.flowCount,
        });
        return;
      case 'locate':
        this.post({ type: 'located', requestId: m.requestId, packet: m.packet, position: this.view.positionOf(m.packet) });
        return;
      case 'setFilter':
        this.setFilter(m.requestId, m.expression);
        return;
      case 'setDedupe':
        this.setDedupe(m.enabled);
        return;
      case 'followStream': {
        const streams = this.options.engines?.streams;
        if (streams === undefined) {
          this.post({ type: 'stream', requestId: m.requestId, stream: null, error: 'Follow Stream comes with the stream engine' });
          return;
        }
        const stream = streams.read(this.source.capture, m.flow, 1 << 20);
        // Segments may be Node Buffers (views of the reader's memory): VS Code's webview transfer
        // only carries plain typed arrays as bytes, so the webview gets Uint8Array copies, as it does packet bytes.
        this.post({ type: 'stream', requestId: m.requestId, stream: { ...stream, segments: stream.segments.map((seg) => ({ ...seg, data: new Uint8Array(seg.data) })) } });
        return;
      }
      case 'painted':
        this.lastPainted = m;
        this.options.onPainted?.(m);
        return;
    }
  }

  /** The decoded fields, led in a de-duplicated view by what socket_wrapper's two records say. */
  private detailsOf(packet: number): PacketDetails {
    const details = this.source.details(packet);
    const mirror = this.dedupe ? (this.options.engines?.deduper?.mirrorOf(this.source.capture, packet) ?? null) : null;
    if (mirror === null) return details;
    const node: FieldNode = { key: 'socket_wrapper', label: `socket_wrapper: ${mirrorText(mirror).text}` };
    return { ...details, tree: [node, ...details.tree] };
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) {
      this.stopFollowing();
    } else if (!this.loading && this.problem === undefined && !this.ended) {
      this.startFollowing();
    }
    this.throttle.flushNow();
  }

  private setFilter(requestId: number, expression: string): void {
    const engine = this.options.engines?.filter;
    const text = expression.trim();
    if (engine === undefined && text !== '') {
      this.post({ type: 'filterResult', requestId, filter: { expression, error: { message: 'filtering comes with the filter engine', column: 0 } } });
      return;
    }
    let compiled: CompiledFilter | null = null;
    if (text !== '' && engine !== undefined) {
      const result = engine.compile(text);
      if (isFilterError(result)) {
        this.post({ type: 'filterResult', requestId, filter: { expression, error: result.error } });
        return;
      }
      compiled = result;
    }
    this.compiledFilter = compiled;
    this.filter = { expression: text };
    this.post({ type: 'filterResult', requestId, filter: this.filter });
    this.rebuildView();
  }

  private setDedupe(enabled: boolean): void {
    if (this.options.engines?.deduper === undefined) return;
    this.dedupeChosen = true;
    if (enabled === this.dedupe) return;
    this.dedupe = enabled;
    this.rebuildView();
  }

  /**
   * De-duplication is on by default for socket_wrapper captures: a session's capture is one
   * by definition (on from its first packet, so hiding is decided as packets arrive); a file
   * opened on its own is looked at once its first read is in (decideFileDedupe). A choice the
   * person made in this panel wins over both.
   */
  private applyDedupeDefault(): void {
    const deduper = this.options.engines?.deduper;
    if (!this.dedupeChosen) this.dedupe = deduper !== undefined && this.target.origin === 'session';
    this.view.configure(this.compiledFilter, this.dedupe ? (deduper ?? null) : null);
  }

  /** A capture file read for the first time: socket_wrapper's own (mirrored pairs found) gets de-duplicated. */
  private decideFileDedupe(): void {
    const on = this.options.engines?.deduper?.onByDefault?.(this.source.capture) ?? false;
    if (on === this.dedupe) return;
    this.dedupe = on;
    this.rebuildView();
  }

  private rebuildView(): void {
    this.view.configure(this.compiledFilter, this.dedupe ? (this.options.engines?.deduper ?? null) : null);
    this.view.extend(this.source.capture, this.source.packetCount);
    this.generation++;
    this.sentRows = this.view.rowCount;
    this.post({ type: 'reset', generation: this.generation, status: this.status(), filter: this.filter, dedupe: this.dedupe });
  }
}

function recentlyModified(file: string, withinMs: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < withinMs;
  } catch {
    return false;
  }
}

function fileSize(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}
