// What the seven cells of a packet row say, for both renderings of a row: the canvas the
// person sees and the ARIA grid rows screen readers and tests read (packetList.ts).
import type { PacketRow, TimeBase } from '../extension/panel/protocol';
import { mirrorText, type MirrorText } from '../extension/panel/mirrorText';
import { timeCellText, type TimeMode } from '../extension/panel/timeText';

export interface RowCells {
  /** No., Time, Source, Destination, Protocol, Length, Info. */
  readonly texts: readonly string[];
  /** The de-duplication mark of the row, null when it has none. */
  readonly mirror: MirrorText | null;
}

/** The cells of the row at `position`; `row` undefined: still on its way from the host. */
export function rowCells(position: number, row: PacketRow | undefined, timeMode: TimeMode, timeBase: TimeBase | null, tzOffsetMinutes: number): RowCells {
  if (row === undefined) return { texts: [String(position + 1), '', '', '', '', '', '…'], mirror: null };
  const mirror = row.mirror !== undefined ? mirrorText(row.mirror) : null;
  return {
    texts: [
      String(row.n + 1),
      timeCellText(timeMode, row, timeBase, tzOffsetMinutes),
      row.src,
      row.dst,
      row.proto,
      String(row.len),
      mirror !== null ? `${mirror.marker} ${row.info}` : row.info,
    ],
    mirror,
  };
}
