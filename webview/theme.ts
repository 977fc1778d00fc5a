// Flow colours for the canvas. The palette is defined once, in CSS (classes .c0 ... .c9 over
// VS Code's chart colours, see styles.ts); the diagram reads the resolved values from hidden
// probe elements and reads them again when the theme changes.
import { PALETTE_SIZE } from '../extension/panel/colors';

export interface Theme {
  readonly flow: readonly string[];
  readonly foreground: string;
  readonly muted: string;
  readonly lane: string;
  readonly selection: string;
  readonly background: string;
  readonly font: string;
  readonly monoFont: string;
  /** The packet list's canvas (rowPainter.ts): what the list's CSS gave its DOM rows. */
  readonly list: ListColors;
}

export interface ListColors {
  readonly hover: string;
  readonly activeSelection: string;
  readonly activeSelectionForeground: string;
  readonly inactiveSelection: string;
  readonly inactiveSelectionForeground: string;
  readonly focusOutline: string;
  readonly error: string;
  readonly warning: string;
  /** CSS font shorthands for ctx.font: the list's text and its monospace columns. */
  readonly font: string;
  readonly monoFont: string;
}

let cached: Theme | null = null;
const listeners = new Set<() => void>();

function probe(className: string, property: 'color' | 'backgroundColor' | 'font' = 'color'): string {
  const e = document.createElement('span');
  e.className = className;
  e.style.display = 'none';
  document.body.appendChild(e);
  const style = getComputedStyle(e);
  const value = property === 'font' ? `${style.fontWeight} ${style.fontSize} ${style.fontFamily}` : style[property];
  e.remove();
  return value;
}

function listColors(): ListColors {
  return {
    hover: probe('hover-probe', 'backgroundColor'),
    activeSelection: probe('asel-probe', 'backgroundColor'),
    activeSelectionForeground: probe('asel-probe'),
    inactiveSelection: probe('isel-probe', 'backgroundColor'),
    inactiveSelectionForeground: probe('isel-probe'),
    focusOutline: probe('outline-probe'),
    error: probe('error-probe'),
    warning: probe('warn-probe'),
    font: probe('fg-probe', 'font'),
    monoFont: probe('mono-probe', 'font'),
  };
}

export function theme(): Theme {
  if (cached !== null) return cached;
  const body = getComputedStyle(document.body);
  cached = {
    flow: Array.from({ length: PALETTE_SIZE }, (_, i) => probe(`flow-probe c${i}`)),
    foreground: probe('fg-probe'),
    muted: probe('muted-probe'),
    lane: probe('lane-probe'),
    selection: probe('selection-probe', 'backgroundColor'),
    background: probe('bg-probe', 'backgroundColor'),
    font: body.fontFamily,
    monoFont: getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-family').trim() || 'monospace',
    list: listColors(),
  };
  return cached;
}

export function onThemeChange(listener: () => void): void {
  listeners.add(listener);
}

// VS Code swaps the body class (vscode-dark, vscode-light, vscode-high-contrast) and the
// variables on <html> when the theme changes.
const observer = new MutationObserver(() => {
  cached = null;
  listeners.forEach((l) => l());
});
observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
