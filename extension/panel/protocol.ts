// THE message protocol between the Packet Timeline's host (extension/panel/host) and its
// webview (webview/). Both sides import this file and nothing else to talk: every message
// is one member of `HostToWebview` or `WebviewToHost`, discriminated by `type`.
//
// The shape follows microsoft/vscode-hexeditor's ReadRangeRequest: the host keeps the
// packet index; the webview only knows how many rows there are and asks for the ranges it
// needs to paint. Requests carry a `requestId` that the reply echoes; row replies also echo
// the `generation` they were computed for, so the webview can drop answers that a filter
// change or a replaced capture made stale.
//
// No `vscode` import and no Node or DOM types here: this file is compiled for both sides.

/** Bumped when a message changes incompatibly (a cached webview state from an older build is then ignored). */
export const PROTOCOL_VERSION = 1;

/** The most rows one request may ask for; the host clamps larger requests. */
export const MAX_ROWS_PER_REQUEST = 1000;

/** The most conversations one reply lists. */
export const MAX_CONVERSATIONS = 5000;

/**
 * Host -> webview updates while a capture grows: at most one per frame while packets trickle
 * in (so a packet is on screen within a frame or two of being written), at most one per
 * BURST_UPDATE_INTERVAL_MS once an update had to carry more than BURST_ROWS new rows.
 */
export const UPDATE_INTERVAL_MS = 16;
export const BURST_UPDATE_INTERVAL_MS = 100;
export const BURST_ROWS = 256;

// ---------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------

/** What the panel is doing with its capture; shown in the status line. */
export type CaptureState =
  /** Reading what the file already holds. */
  | 'loading'
  /** The file does not exist yet: socket_wrapper creates it with the first packet. */
  | 'waiting'
  /** Following a running session's capture. */
  | 'live'
  /** The person pressed Pause: the host stops reading the file. */
  | 'paused'
  /** The session that wrote the capture has ended. */
  | 'ended'
  /** A capture file opened on its own (it is still followed in case it grows). */
  | 'file'
  /** Reading stopped at a problem (see StatusInfo.error); every packet before it is shown. */
  | 'error';

export interface CaptureInfo {
  /** Absolute path on the extension host's machine. */
  readonly path: string;
  /** File name, for titles. */
  readonly name: string;
  /** A running or ended socket_wrapper session's capture, or a file opened by itself. */
  readonly origin: 'session' | 'file';
  readonly session?: string;
}

/** A problem that stopped reading: the capture is shown up to `packetsBefore` packets. */
export interface CaptureProblem {
  /** The engine's CaptureErrorKind ("truncated-record", "bad-magic", ...). */
  readonly kind: string;
  /** Byte offset in the file where the problem starts. */
  readonly offset: number;
  /** The problem in words, without the offset. */
  readonly message: string;
  /** Complete packets read before it (all shown). */
  readonly packetsBefore: number;
}

export interface StatusInfo {
  readonly state: CaptureState;
  /** Packets in the capture. */
  readonly packets: number;
  /** Rows in the list: packets left after the filter and de-duplication. */
  readonly rows: number;
  readonly flows: number;
  /** Bytes of the file read so far. */
  readonly fileBytes: number;
  readonly error?: CaptureProblem;
}

/**
 * Absolute times: packet time = baseSec + firstOffset + row.rel (seconds since the epoch).
 * Split so that the webview can format microseconds without losing them to doubles.
 */
export interface TimeBase {
  /** Whole epoch second of the first packet. */
  readonly baseSec: number;
  /** Fraction of that second at which the first packet was captured (0 <= x < 1, or more for odd files). */
  readonly firstOffset: number;
}

/** One lane of the sequence diagram: an emulated endpoint seen in the capture. */
export interface Lane {
  /** Stable for the life of the capture; rows refer to lanes by id. */
  readonly id: number;
  /** Host address text ("127.0.0.10", "fd00::5357:5f0a"); lanes are grouped by it. */
  readonly host: string;
  /** null for protocols without ports (ICMP). */
  readonly port: number | null;
}

/**
 * socket_wrapper writes most packets twice (sender and receiver); de-duplication pairs them.
 * A send whose receiver's record has not (or not wholly) appeared has `receivedAt` null: the
 * peer has not read it (yet).
 */
export interface MirrorInfo {
  /** Packet number of the other copy; null when none was found (not read by the peer yet). */
  readonly peer: number | null;
  /** Seconds since the first packet at which the sender wrote it... */
  readonly sentAt: number;
  /** ...and at which the receiver read it (null: not read yet). */
  readonly receivedAt: number | null;
  /** Payload bytes the peer has read so far when it read only part of them. */
  readonly readBytes?: number;
}

/** One decoded row of the packet list (and one arrow of the sequence diagram). */
export interface PacketRow {
  /** Packet number, 0-based (the list shows n + 1 like Wireshark's No.). */
  readonly n: number;
  /** Seconds since the first packet. */
  readonly rel: number;
  /** Seconds since the previous packet in the file (0 for the first). */
  readonly delta: number;
  /** Address text, "" when the packet has no IP header. */
  readonly src: string;
  readonly dst: string;
  /** Protocol column ("TCP", "UDP", "ICMPv6", ...). */
  readonly proto: string;
  /** Length on the wire. */
  readonly len: number;
  /** Wireshark-like Info column. Hostile bytes may show up here: always render as text. */
  readonly info: string;
  /** Flow (conversation) id, -1 when the packet belongs to none. */
  readonly flow: number;
  /** Colour palette index (per flow), -1 for none. */
  readonly color: number;
  /** Lane ids of the arrow's ends, -1 when unknown. */
  readonly from: number;
  readonly to: number;
  /** Short arrow label: TCP flags and payload length, "UDP 42", "echo request". */
  readonly label: string;
  /** A header was cut short or impossible. */
  readonly bad: boolean;
  /** Set when de-duplication is on and this row stands for both copies. */
  readonly mirror?: MirrorInfo;
}

export interface RowsBlock {
  /** Row position (not packet number) of rows[0]. */
  readonly start: number;
  readonly rows: readonly PacketRow[];
}

/** A node of the details tree. Labels are text, never markup. */
export interface FieldNode {
  /** Stable path ("tcp", "tcp.flags"): the webview keeps a node's expansion across packets by it. */
  readonly key: string;
  readonly label: string;
  readonly children?: readonly FieldNode[];
  /** Bytes of the packet this field covers, [start, end), for highlighting in the hex dump. */
  readonly range?: readonly [number, number];
}

export interface PacketDetails {
  readonly packet: number;
  readonly tree: readonly FieldNode[];
  /** The captured bytes (a copy; hostile). */
  readonly bytes: Uint8Array;
  /** Where the transport payload starts in `bytes`, and how many of its bytes were captured. */
  readonly payloadOffset: number;
  readonly payloadCaptured: number;
}

export interface ConversationRow {
  readonly id: number;
  /** "tcp", "udp", "icmp"... */
  readonly proto: string;
  /** "127.0.0.11:41234": the side that opened it. */
  readonly client: string;
  readonly server: string;
  readonly packets: number;
  readonly bytes: number;
  /** Seconds since the first packet of the capture. */
  readonly start: number;
  readonly duration: number;
  /** TCP state ("established", "closed", "reset"...), null for other protocols. */
  readonly state: string | null;
  readonly color: number;
  /** First packet of the flow, to jump to it. */
  readonly firstPacket: number;
}

export interface FilterError {
  readonly message: string;
  /** 0-based column of the expression where the problem is. */
  readonly column: number;
}

export interface FilterState {
  readonly expression: string;
  readonly error?: FilterError;
}

export interface StreamSegment {
  /** 0: client to server, 1: server to client. */
  readonly dir: 0 | 1;
  readonly packet: number;
  /** Seconds since the first packet. */
  readonly rel: number;
  readonly data: Uint8Array;
}

export interface StreamContent {
  readonly flow: number;
  readonly client: string;
  readonly server: string;
  readonly segments: readonly StreamSegment[];
  /** More data exists than was sent (the reader's byte limit). */
  readonly truncated: boolean;
}

/** Which optional engines the host has; the webview disables the controls of missing ones. */
export interface Capabilities {
  readonly filter: boolean;
  readonly dedupe: boolean;
  readonly followStream: boolean;
}

/** What the sequence diagram's lanes stand for: emulated endpoints, or the traced processes. */
export type LaneMode = 'addresses' | 'processes';

/** The most handoffs one `processes` message lists (the earliest ones). */
export const MAX_HANDOFF_EVENTS = 10000;

/** A lane of the diagram in process mode: one traced process (a reused pid is another lane). */
export interface ProcessLane {
  /** Stable while the trace grows (the process's place in the trace's process table). */
  readonly id: number;
  readonly pid: number;
  /** Program name ("prefork-server"); the lanes of one program are grouped under it. */
  readonly name: string;
  /** µs since the epoch: the process's first record, and its end (null: running). */
  readonly start: number;
  readonly end: number | null;
}

/** One process lane owning a socket from `from` until `to` (µs since the epoch; null: still). */
export interface OwnerSpan {
  readonly from: number;
  readonly to: number | null;
  readonly lane: number;
}

/**
 * Who owned the sockets of one emulated endpoint pair when, as the fd trace tells: spans that
 * never overlap (when several processes held it, the choice is made host-side, see
 * extension/panel/processView.ts). Endpoints read like the capture's: `127.0.0.10:7777`,
 * `[fd00::5357:5f0a]:53`.
 */
export interface SocketOwners {
  readonly local: string;
  /** null: a listener or an unconnected socket, which owns what no connected socket of `local` does. */
  readonly remote: string | null;
  readonly spans: readonly OwnerSpan[];
}

/** An fd passed between processes (SCM_RIGHTS), drawn between process lanes and listed in the Handoffs tab. */
export interface HandoffEvent {
  readonly id: string;
  /** µs since the epoch: when it was sent (received, when the send was not traced). */
  readonly time: number;
  readonly receivedTime: number | null;
  /** Process lanes of sender and receiver; null when unknown (not traced, not received). */
  readonly fromLane: number | null;
  readonly toLane: number | null;
  readonly fromPid: number | null;
  readonly fromFd: number | null;
  readonly toPid: number | null;
  readonly toFd: number | null;
  /** tcp, udp, unix, file, pipe, other. */
  readonly kind: string;
  /** A passed TCP/UDP socket's emulated endpoints (`127.0.0.10:7777`), else null. */
  readonly local: string | null;
  readonly remote: string | null;
  /** What was passed: "TCP 127.0.0.10:7777 ← 127.0.0.11:40001", "file /etc/hostname". Hostile: text only. */
  readonly object: string;
  /** The diagram's label: "fd 6 → fd 3: TCP 127.0.0.10:7777 ← 127.0.0.11:40001". Hostile: text only. */
  readonly label: string;
  /** The unix socket it travelled on (a path, or `socketpair 1234↔1235`). Hostile: text only. */
  readonly via: string;
  readonly state: 'received' | 'in-flight' | 'lost' | 'truncated';
  /** Display filter of the passed socket's flow (TCP/UDP with addresses), else null. */
  readonly filter: string | null;
}

/** The panel's session as processes: from its fd trace. */
export interface ProcessView {
  /** Grows with every trace update: the webview redraws what depends on it. */
  readonly version: number;
  readonly lanes: readonly ProcessLane[];
  readonly owners: readonly SocketOwners[];
  /** In time order, at most MAX_HANDOFF_EVENTS. */
  readonly handoffs: readonly HandoffEvent[];
  /** Handoffs in the trace (more than listed when the list was cut). */
  readonly totalHandoffs: number;
}

// ---------------------------------------------------------------------------------------
// Host -> webview
// ---------------------------------------------------------------------------------------

/** Everything the webview needs to start (or to start over: a new capture in the same panel). */
export interface InitMessage {
  readonly type: 'init';
  readonly protocol: number;
  readonly generation: number;
  readonly capture: CaptureInfo;
  readonly status: StatusInfo;
  readonly time: TimeBase | null;
  readonly lanes: readonly Lane[];
  readonly capabilities: Capabilities;
  readonly filter: FilterState;
  readonly dedupe: boolean;
  readonly paused: boolean;
}

/**
 * Sent at most every UPDATE_INTERVAL_MS while the capture grows. `tail` carries the newest
 * rows when the webview said it follows the live end, which saves it a round trip.
 */
export interface UpdateMessage {
  readonly type: 'update';
  readonly generation: number;
  readonly status: StatusInfo;
  readonly time?: TimeBase;
  readonly tail?: RowsBlock;
}

/** The whole lane list; sent before any row that refers to a new lane. */
export interface LanesMessage {
  readonly type: 'lanes';
  readonly lanes: readonly Lane[];
}

export interface RowsMessage extends RowsBlock {
  readonly type: 'rows';
  readonly requestId: number;
  readonly generation: number;
}

/** The rows changed meaning (filter or de-duplication changed): drop every cached row. */
export interface ResetMessage {
  readonly type: 'reset';
  readonly generation: number;
  readonly status: StatusInfo;
  readonly filter: FilterState;
  readonly dedupe: boolean;
}

export interface DetailsMessage {
  readonly type: 'details';
  readonly requestId: number;
  readonly packet: number;
  readonly details: PacketDetails | null;
  readonly error?: string;
}

export interface ConversationsMessage {
  readonly type: 'conversations';
  readonly requestId: number;
  /** In flow-id order; at most MAX_CONVERSATIONS of them. */
  readonly conversations: readonly ConversationRow[];
  /** Conversations in the capture (more than sent when the list was cut). */
  readonly total: number;
}

/** Row position of a packet in the current view (null: filtered out or hidden). */
export interface LocatedMessage {
  readonly type: 'located';
  readonly requestId: number;
  readonly packet: number;
  readonly position: number | null;
}

export interface FilterResultMessage {
  readonly type: 'filterResult';
  readonly requestId: number;
  readonly filter: FilterState;
}

export interface StreamMessage {
  readonly type: 'stream';
  readonly requestId: number;
  readonly stream: StreamContent | null;
  readonly error?: string;
}

/**
 * The session's fd trace as process lanes, ownership and handoffs: sent after `init` and
 * whenever the trace grows. `view` null: the capture has no trace (lanes by process are off).
 */
export interface ProcessesMessage {
  readonly type: 'processes';
  readonly view: ProcessView | null;
}

/**
 * Endpoints (`127.0.0.11:40001`, or an address alone for port-less packets) with packets that
 * no traced process owned when they were captured: they get an "unattributed" lane. Sent
 * while the webview shows lanes by process, whenever the list changes.
 */
export interface UnattributedMessage {
  readonly type: 'unattributed';
  readonly endpoints: readonly string[];
}

export type HostToWebview =
  | ProcessesMessage
  | UnattributedMessage
  | InitMessage
  | UpdateMessage
  | LanesMessage
  | RowsMessage
  | ResetMessage
  | DetailsMessage
  | ConversationsMessage
  | LocatedMessage
  | FilterResultMessage
  | StreamMessage;

// ---------------------------------------------------------------------------------------
// Webview -> host
// ---------------------------------------------------------------------------------------

/** The webview (re)started: the host answers with `init`. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly protocol: number;
}

export interface RequestRowsMessage {
  readonly type: 'requestRows';
  readonly requestId: number;
  readonly generation: number;
  /** Row positions [start, start + count). */
  readonly start: number;
  readonly count: number;
}

export interface RequestDetailsMessage {
  readonly type: 'requestDetails';
  readonly requestId: number;
  readonly packet: number;
}

/** What the list shows; lets the host send the live tail with updates while following. */
export interface ViewportMessage {
  readonly type: 'viewport';
  readonly first: number;
  readonly count: number;
  readonly following: boolean;
}

export interface SetPausedMessage {
  readonly type: 'setPaused';
  readonly paused: boolean;
}

export interface RequestConversationsMessage {
  readonly type: 'requestConversations';
  readonly requestId: number;
}

export interface LocateMessage {
  readonly type: 'locate';
  readonly requestId: number;
  readonly packet: number;
}

export interface SetFilterMessage {
  readonly type: 'setFilter';
  readonly requestId: number;
  readonly expression: string;
}

export interface SetDedupeMessage {
  readonly type: 'setDedupe';
  readonly enabled: boolean;
}

export interface FollowStreamMessage {
  readonly type: 'followStream';
  readonly requestId: number;
  readonly flow: number;
}

/** Reported after a paint that showed new rows: used by tests and the latency benchmark. */
export interface PaintedMessage {
  readonly type: 'painted';
  /** Newest packet number on screen, or null when none is. */
  readonly newest: number | null;
  /** Rows the webview believes exist. */
  readonly rows: number;
  /** Row elements in the DOM (stays small however long the capture). */
  readonly domRows: number;
  /** Epoch milliseconds (performance.timeOrigin + performance.now()) right after the frame was rendered. */
  readonly at: number;
}

/** The diagram's lanes switched: the host works out unattributed endpoints only for 'processes'. */
export interface SetLaneModeMessage {
  readonly type: 'setLaneMode';
  readonly mode: LaneMode;
}

export type WebviewToHost =
  | SetLaneModeMessage
  | ReadyMessage
  | RequestRowsMessage
  | RequestDetailsMessage
  | ViewportMessage
  | SetPausedMessage
  | RequestConversationsMessage
  | LocateMessage
  | SetFilterMessage
  | SetDedupeMessage
  | FollowStreamMessage
  | PaintedMessage;

// ---------------------------------------------------------------------------------------
// Validation: the host treats what a webview sends as untrusted input.
// ---------------------------------------------------------------------------------------

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isNat = (v: unknown): v is number => isInt(v) && v >= 0;

/** Returns `value` as a WebviewToHost message when it is a well-formed one, else null. */
export function parseWebviewMessage(value: unknown): WebviewToHost | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return isInt(m.protocol) ? (m as unknown as ReadyMessage) : null;
    case 'requestRows':
      return isNat(m.requestId) && isInt(m.generation) && isNat(m.start) && isNat(m.count) ? (m as unknown as RequestRowsMessage) : null;
    case 'requestDetails':
      return isNat(m.requestId) && isNat(m.packet) ? (m as unknown as RequestDetailsMessage) : null;
    case 'viewport':
      return isNat(m.first) && isNat(m.count) && typeof m.following === 'boolean' ? (m as unknown as ViewportMessage) : null;
    case 'setPaused':
      return typeof m.paused === 'boolean' ? (m as unknown as SetPausedMessage) : null;
    case 'requestConversations':
      return isNat(m.requestId) ? (m as unknown as RequestConversationsMessage) : null;
    case 'locate':
      return isNat(m.requestId) && isNat(m.packet) ? (m as unknown as LocateMessage) : null;
    case 'setFilter':
      return isNat(m.requestId) && typeof m.expression === 'string' && m.expression.length <= 4096 ? (m as unknown as SetFilterMessage) : null;
    case 'setDedupe':
      return typeof m.enabled === 'boolean' ? (m as unknown as SetDedupeMessage) : null;
    case 'followStream':
      return isNat(m.requestId) && isNat(m.flow) ? (m as unknown as FollowStreamMessage) : null;
    case 'painted':
      return (m.newest === null || isNat(m.newest)) && isNat(m.rows) && isNat(m.domRows) && typeof m.at === 'number' ? (m as unknown as PaintedMessage) : null;
    case 'setLaneMode':
      return m.mode === 'addresses' || m.mode === 'processes' ? (m as unknown as SetLaneModeMessage) : null;
    default:
      return null;
  }
}
