// The webview's side of the VS Code bridge, typed with the panel protocol: post() only
// accepts WebviewToHost messages, and the view state kept across hide/show (setState) has
// one declared shape.
import type { LaneMode, WebviewToHost } from '../extension/panel/protocol';
import type { TimeMode } from '../extension/panel/timeText';

export type DiagramMode = 'rows' | 'time';
export type BottomTab = 'details' | 'conversations' | 'stream' | 'handoffs';

/** What survives the panel being hidden and shown again (or a window reload). */
export interface ViewState {
  readonly protocol: number;
  /** The capture this state belongs to (also read by the host to restore a panel after a reload). */
  readonly capturePath: string;
  readonly topPosition: number;
  readonly selectedPacket: number | null;
  readonly following: boolean;
  readonly timeMode: TimeMode;
  readonly diagramMode: DiagramMode;
  readonly showDiagram: boolean;
  /** Time-mode zoom: pixels per millisecond. */
  readonly pxPerMs: number;
  readonly diagramWidth: number | null;
  readonly bottomHeight: number | null;
  readonly bottomTab: BottomTab;
  /** Follow Stream as escaped text or a hex dump. */
  readonly streamFormat: 'text' | 'hex';
  /** Accepted display filters, newest first. */
  readonly filterHistory: readonly string[];
  readonly expanded: readonly string[];
  /** The diagram's lanes: endpoints, or processes (when the capture's session has an fd trace). */
  readonly laneMode: LaneMode;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function loadState(): Partial<ViewState> | undefined {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<ViewState>) : undefined;
}

export function saveState(state: ViewState): void {
  api.setState(state);
}
