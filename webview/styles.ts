// The timeline's stylesheet, kept in the bundle (one dist/webview.js, nothing else to ship)
// and added as a <style> element carrying the page's CSP nonce. Only VS Code theme variables
// are used for colours, with fallbacks for the few a theme may lack.

const FLOW_COLORS = [
  'var(--vscode-charts-blue, #3794ff)',
  'var(--vscode-charts-orange, #d18616)',
  'var(--vscode-charts-green, #89d185)',
  'var(--vscode-charts-purple, #b180d7)',
  'var(--vscode-charts-red, #f14c4c)',
  'var(--vscode-charts-yellow, #cca700)',
  'var(--vscode-terminal-ansiCyan, #11a8cd)',
  'var(--vscode-terminal-ansiMagenta, #bc3fbc)',
  'var(--vscode-terminal-ansiBrightBlue, #3b8eea)',
  'var(--vscode-terminal-ansiBrightGreen, #23d18b)',
];

const CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { background: var(--vscode-editor-background); color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
.timeline { display: flex; flex-direction: column; height: 100vh; min-width: 480px; }
:focus { outline: none; }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
${FLOW_COLORS.map((c, i) => `.c${i} { --flow: ${c}; }`).join('\n')}
.flow-probe { color: var(--flow); }
.fg-probe { color: var(--vscode-foreground); }
.muted-probe { color: var(--vscode-descriptionForeground); }
.lane-probe { color: var(--vscode-editorIndentGuide-background1, var(--vscode-editorIndentGuide-background, rgba(128,128,128,.35))); }
.selection-probe { background-color: var(--vscode-list-activeSelectionBackground, rgba(0,120,215,.35)); }
.bg-probe { background-color: var(--vscode-editor-background); }
.hover-probe { background-color: var(--vscode-list-hoverBackground, transparent); }
.asel-probe { background-color: var(--vscode-list-activeSelectionBackground, rgba(0,120,215,.35)); color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground)); }
.isel-probe { background-color: var(--vscode-list-inactiveSelectionBackground, rgba(128,128,128,.25)); color: var(--vscode-list-inactiveSelectionForeground, var(--vscode-foreground)); }
.outline-probe { color: var(--vscode-list-focusOutline, transparent); }
.error-probe { color: var(--vscode-errorForeground, #f14c4c); }
.warn-probe { color: var(--vscode-editorWarning-foreground, #cca700); }
.mono-probe { font-family: var(--vscode-editor-font-family); font-size: calc(var(--vscode-editor-font-size, 13px) - 1px); }

.toolbar { display: flex; align-items: center; gap: 4px; padding: 5px 8px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); flex-wrap: wrap; flex: none; }
.toolbar .sep { width: 1px; align-self: stretch; background: var(--vscode-panel-border, rgba(128,128,128,.35)); margin: 2px 2px; }
.toolbar .label { color: var(--vscode-descriptionForeground); margin-right: 2px; }
.btn { font: inherit; font-size: 12px; background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, #fff); border: 1px solid var(--vscode-button-border, transparent); padding: 1px 7px; border-radius: 2px; cursor: pointer; white-space: nowrap; line-height: 18px; }
.btn:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
.btn.primary, .btn[aria-pressed="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.btn.primary:hover:not(:disabled), .btn[aria-pressed="true"]:hover:not(:disabled) { background: var(--vscode-button-hoverBackground); }
.btn:disabled { opacity: 0.5; cursor: default; }
.seg { display: inline-flex; }
.seg .btn { border-radius: 0; }
.seg .btn:first-child { border-radius: 2px 0 0 2px; }
.seg .btn:last-child { border-radius: 0 2px 2px 0; }
.filter-group { display: inline-flex; align-items: center; gap: 4px; flex: 1 1 300px; min-width: 260px; }
.filter-box { display: inline-flex; flex-direction: column; flex: 1 1 160px; min-width: 120px; max-width: 460px; position: relative; margin-left: 2px; }
.filter { font: inherit; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 6px; line-height: 18px; }
.filter::placeholder { color: var(--vscode-input-placeholderForeground); }
.filter:disabled { opacity: 0.6; }
.filter.invalid { border-color: var(--vscode-inputValidation-errorBorder, #be1100); }
.filter-error { position: absolute; top: 100%; left: 0; z-index: 5; background: var(--vscode-inputValidation-errorBackground, #5a1d1d); border: 1px solid var(--vscode-inputValidation-errorBorder, #be1100); padding: 2px 6px; white-space: pre; font-size: 12px; }
.check { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; font-size: 12px; }
.check input { margin: 0; }
.check.disabled { opacity: 0.5; }

.banner { flex: none; padding: 6px 10px; border-bottom: 1px solid var(--vscode-inputValidation-errorBorder, #be1100); background: var(--vscode-inputValidation-errorBackground, #5a1d1d); }
.banner[hidden] { display: none; }
.banner strong { margin-right: 6px; }

.main:focus-visible { outline: none; }
.main { flex: 1 1 auto; min-height: 60px; display: flex; flex-direction: column; position: relative; }
.heads { display: flex; flex: none; height: 40px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); background: var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-editor-background)); }
.lane-head { flex: none; display: block; }
.vsplit { flex: none; width: 5px; cursor: col-resize; background: transparent; border-left: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); box-sizing: border-box; }
.vsplit:hover, .vsplit.dragging { background: var(--vscode-sash-hoverBorder, var(--vscode-focusBorder)); }
.grid-head, .row { display: grid; grid-template-columns: 56px 96px minmax(92px, 124px) minmax(96px, 124px) 76px 66px minmax(140px, 1fr); }
.grid-head { flex: 1 1 auto; align-items: end; padding-bottom: 3px; font-weight: 600; min-width: 0; }
.grid-head > div { padding: 0 6px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.grid-head .num, .row .num { text-align: right; }
.scroller { flex: 1 1 auto; overflow-y: auto; overflow-x: hidden; position: relative; outline: none; }
.sticky { position: sticky; top: 0; display: flex; overflow: hidden; }
.diagram { flex: none; display: block; cursor: default; }
.rows { position: relative; flex: 1 1 auto; overflow: hidden; min-width: 0; }
.rows-canvas { position: absolute; top: 0; left: 0; display: block; }
/* The ARIA rows: above the canvas for the pointer (tooltips), but never seen (packetList.ts). */
.track { position: absolute; top: 0; left: 0; right: 0; will-change: transform; opacity: 0; }
.row { position: absolute; left: 0; right: 0; height: 22px; line-height: 22px; align-items: center; white-space: nowrap; cursor: default; }
.row > div { overflow: hidden; text-overflow: ellipsis; padding: 0 6px; }
.row > .no { box-shadow: inset 3px 0 0 var(--flow, transparent); }
.row .mono, .grid-head .mono { font-family: var(--vscode-editor-font-family); font-size: calc(var(--vscode-editor-font-size, 13px) - 1px); }
.row:hover { background: var(--vscode-list-hoverBackground); }
.row.selected { background: var(--vscode-list-inactiveSelectionBackground); color: var(--vscode-list-inactiveSelectionForeground, inherit); }
.main:focus-within .row.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); outline: 1px solid var(--vscode-list-focusOutline, transparent); outline-offset: -1px; }
.row.bad:not(.selected) { color: var(--vscode-errorForeground); }
.row.pending > div { color: var(--vscode-descriptionForeground); }
.row .mirror { color: var(--vscode-descriptionForeground); margin-right: 4px; }
/* A send the peer has not read (yet): a warning tint on the Info cell (the flow colour stays). */
.row.unread:not(.selected) > .info { color: var(--vscode-editorWarning-foreground, #cca700); }
.empty { position: absolute; left: 0; right: 0; top: 41px; bottom: 0; display: flex; align-items: center; justify-content: center; text-align: center; color: var(--vscode-descriptionForeground); padding: 16px; pointer-events: none; line-height: 1.6; white-space: pre-line; }
.empty[hidden] { display: none; }
.follow-live { position: absolute; right: 22px; bottom: 10px; z-index: 3; box-shadow: 0 2px 6px var(--vscode-widget-shadow, rgba(0,0,0,.4)); }
.follow-live[hidden] { display: none; }

.hsplit { flex: none; height: 5px; cursor: row-resize; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); box-sizing: border-box; }
.hsplit:hover, .hsplit.dragging { background: var(--vscode-sash-hoverBorder, var(--vscode-focusBorder)); }
.bottom { flex: none; display: flex; flex-direction: column; min-height: 80px; }
.tabs { display: flex; gap: 16px; padding: 0 10px; flex: none; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); }
.tab { font: inherit; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; background: none; border: none; border-bottom: 1px solid transparent; color: var(--vscode-panelTitle-inactiveForeground, var(--vscode-descriptionForeground)); padding: 6px 0 4px; cursor: pointer; }
.tab[aria-selected="true"] { color: var(--vscode-panelTitle-activeForeground, var(--vscode-foreground)); border-bottom-color: var(--vscode-panelTitle-activeBorder, var(--vscode-focusBorder)); }
.tab:disabled { opacity: 0.45; cursor: default; }
.pane { flex: 1 1 auto; min-height: 0; display: flex; }
.pane[hidden] { display: none; }
.stream { flex-direction: column; }
.stream-bar { display: flex; align-items: center; gap: 4px; padding: 3px 10px; flex: none; }
.stream-title { flex: 1 1 auto; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--vscode-descriptionForeground); }
.stream-body { flex: 1 1 auto; min-height: 0; overflow: auto; margin: 0; padding: 4px 10px; font-family: var(--vscode-editor-font-family); font-size: calc(var(--vscode-editor-font-size, 13px) - 1px); white-space: pre-wrap; word-break: break-all; }
/* Like Wireshark's Follow Stream: the client's bytes in one colour, the server's in another. */
.stream-body .dir0 { color: var(--vscode-terminal-ansiRed, #cd3131); }
.stream-body .dir1 { color: var(--vscode-terminal-ansiBlue, #2472c8); }
.stream-hint { color: var(--vscode-descriptionForeground); }
.tree { flex: 1 1 50%; overflow: auto; padding: 4px 0; min-width: 200px; }
.tree .node { display: flex; align-items: center; height: 20px; white-space: nowrap; cursor: default; padding-right: 8px; }
.tree .node:hover { background: var(--vscode-list-hoverBackground); }
.tree .node.selected { background: var(--vscode-list-inactiveSelectionBackground); }
.tree:focus-within .node.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.tree .twistie { display: inline-block; width: 16px; text-align: center; flex: none; color: var(--vscode-icon-foreground, inherit); }
.tree .hint { color: var(--vscode-descriptionForeground); padding: 8px 12px; }
.hex { flex: 0 1 auto; overflow: auto; font-family: var(--vscode-editor-font-family); font-size: 12px; line-height: 18px; white-space: pre; border-left: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); padding: 4px 10px; min-width: 0; }
.hex:empty { display: none; }
.hex .off { color: var(--vscode-editorLineNumber-foreground, var(--vscode-descriptionForeground)); }
.hex .pl { color: var(--vscode-debugTokenExpression-string, #ce9178); }
.hex .hl { background: var(--vscode-editor-selectionBackground, rgba(38,79,120,.8)); }
.pane.conversations { display: block; flex: 1 1 auto; overflow: auto; }
.pane.conversations[hidden] { display: none; }
.conversations table { border-collapse: collapse; width: 100%; }
.conversations th { position: sticky; top: 0; background: var(--vscode-editor-background); text-align: left; font-weight: 600; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); white-space: nowrap; }
.conversations td { padding: 2px 8px; white-space: nowrap; }
.conversations td.num, .conversations th.num { text-align: right; }
.conversations tr.conv { cursor: pointer; }
.conversations tr.conv:hover { background: var(--vscode-list-hoverBackground); }
.conversations .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: var(--flow); margin-right: 6px; vertical-align: -1px; }
.conversations .more { color: var(--vscode-descriptionForeground); padding: 6px 8px; }
.handoffs tr.handoff:hover { background: var(--vscode-list-hoverBackground); }
.handoffs tr.handoff.filterable { cursor: pointer; }
.handoffs tr.handoff.selected { background: var(--vscode-list-inactiveSelectionBackground); }
.handoffs:focus-within tr.handoff.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.handoffs tr.state-lost td:last-child, .handoffs tr.state-truncated td:last-child { color: var(--vscode-errorForeground); }
.handoffs tr.state-in-flight td:last-child { color: var(--vscode-editorWarning-foreground, #cca700); }

.status { flex: none; display: flex; gap: 14px; align-items: center; padding: 3px 10px; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); font-size: 12px; color: var(--vscode-descriptionForeground); white-space: nowrap; overflow: hidden; }
.status .state { display: inline-flex; align-items: center; gap: 6px; color: var(--vscode-foreground); }
.status .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--vscode-descriptionForeground); }
.status .dot.live { background: var(--vscode-testing-iconPassed, #73c991); }
.status .dot.waiting, .status .dot.loading { background: var(--vscode-editorWarning-foreground, #cca700); }
.status .dot.paused { background: var(--vscode-descriptionForeground); }
.status .dot.error { background: var(--vscode-errorForeground, #f48771); }
.status .path { overflow: hidden; text-overflow: ellipsis; flex: 1 1 auto; min-width: 0; }
`;

/** Adds the stylesheet; `nonce` is the one the page's CSP allows (read from our own script tag). */
export function installStyles(nonce: string): void {
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = CSS;
  document.head.appendChild(style);
}
