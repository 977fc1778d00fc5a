// DOM building for the timeline. Everything shown comes from packets, which are hostile
// bytes, so this file is the only way the UI makes elements: createElement plus textContent.
// There is no innerHTML anywhere in webview/.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className !== undefined && className !== '') e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Sets text only when it changed: cheap re-renders of pooled rows. */
export function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

export function clear(e: HTMLElement): void {
  while (e.firstChild !== null) e.removeChild(e.firstChild);
}

export function button(label: string, title: string, onClick: () => void, className = 'btn'): HTMLButtonElement {
  const b = el('button', className, label);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

/** Formats a count with thousands separators ("1,234,567"). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A table with a header row: [title, numeric] per column (numeric columns align right). */
export function headedTable(label: string, headers: ReadonlyArray<readonly [string, boolean]>): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const table = el('table');
  table.setAttribute('aria-label', label);
  const head = el('tr');
  for (const [title, num] of headers) head.appendChild(el('th', num ? 'num' : '', title));
  table.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  table.appendChild(body);
  return { table, body };
}
