// The filter bar's history: expressions the host accepted, newest first, without duplicates,
// at most MAX_FILTER_HISTORY of them. Up/Down in the filter box walk through it like a
// shell's history; the list is kept in the webview's state so it survives hiding the panel.

export const MAX_FILTER_HISTORY = 20;

/** `history` with `expression` put first (an empty expression changes nothing). */
export function remember(history: readonly string[], expression: string): string[] {
  const e = expression.trim();
  if (e === '') return history.slice(0, MAX_FILTER_HISTORY);
  return [e, ...history.filter((h) => h !== e)].slice(0, MAX_FILTER_HISTORY);
}

/**
 * Walks the history from the filter box: position -1 is what the person was typing (kept as
 * `draft`), 0 the newest accepted expression, and so on.
 */
export class HistoryCursor {
  private position = -1;
  private draft = '';

  /** Arrow Up: an older expression, or null when there is none. */
  older(history: readonly string[], current: string): string | null {
    if (this.position + 1 >= history.length) return null;
    if (this.position === -1) this.draft = current;
    this.position++;
    return history[this.position];
  }

  /** Arrow Down: a newer expression, the draft after the newest, or null at the draft already. */
  newer(history: readonly string[]): string | null {
    if (this.position < 0) return null;
    this.position--;
    return this.position === -1 ? this.draft : (history[this.position] ?? this.draft);
  }

  /** The person typed or applied: the walk starts over. */
  reset(): void {
    this.position = -1;
    this.draft = '';
  }
}
