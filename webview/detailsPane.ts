// The details of the selected packet: the header fields as a collapsible tree (ARIA tree,
// arrow keys like VS Code's trees) and a hex + ASCII dump of its bytes. Choosing a field
// highlights the bytes it covers. Which nodes are expanded is remembered by key, so moving
// from packet to packet keeps "Transmission Control Protocol" open once you opened it.
import { hexLines } from '../extension/panel/hexDump';
import type { FieldNode, PacketDetails } from '../extension/panel/protocol';
import { clear, el } from './dom';

/** Above this many dump lines (64 KiB) the rest is summarized: nobody reads it on screen. */
const MAX_HEX_LINES = 4096;

interface VisibleNode {
  readonly node: FieldNode;
  readonly depth: number;
}

export class DetailsPane {
  readonly root: HTMLDivElement;
  private readonly tree: HTMLDivElement;
  private readonly hex: HTMLDivElement;
  private details: PacketDetails | null = null;
  private readonly expanded: Set<string>;
  private selectedKey: string | null = null;
  private visible: VisibleNode[] = [];

  constructor(expanded: readonly string[], private readonly onExpandedChange: () => void) {
    this.expanded = new Set(expanded);
    this.root = el('div', 'pane details');
    this.tree = el('div', 'tree');
    this.tree.setAttribute('role', 'tree');
    this.tree.setAttribute('aria-label', 'Packet fields');
    this.tree.tabIndex = 0;
    this.hex = el('div', 'hex');
    this.hex.setAttribute('aria-label', 'Packet bytes');
    this.hex.tabIndex = 0;
    this.root.append(this.tree, this.hex);
    this.tree.addEventListener('keydown', (e) => this.onKey(e));
    this.showHint('Select a packet to see its fields and bytes.');
  }

  get expandedKeys(): string[] {
    return [...this.expanded];
  }

  get packet(): number | null {
    return this.details?.packet ?? null;
  }

  showHint(text: string): void {
    this.details = null;
    clear(this.tree);
    clear(this.hex);
    this.tree.appendChild(el('div', 'hint', text));
  }

  show(details: PacketDetails): void {
    this.details = details;
    if (this.selectedKey !== null && !containsKey(details.tree, this.selectedKey)) this.selectedKey = null;
    this.renderTree();
    this.renderHex();
  }

  private renderTree(): void {
    const d = this.details;
    if (d === null) return;
    const scroll = this.tree.scrollTop;
    clear(this.tree);
    this.visible = [];
    const walk = (nodes: readonly FieldNode[], depth: number): void => {
      for (const node of nodes) {
        this.visible.push({ node, depth });
        if (node.children !== undefined && node.children.length > 0 && this.expanded.has(node.key)) walk(node.children, depth + 1);
      }
    };
    walk(d.tree, 0);
    for (const { node, depth } of this.visible) {
      const item = el('div', `node${node.key === this.selectedKey ? ' selected' : ''}`);
      item.setAttribute('role', 'treeitem');
      item.setAttribute('aria-level', String(depth + 1));
      item.setAttribute('aria-selected', String(node.key === this.selectedKey));
      item.style.paddingLeft = `${depth * 16 + 4}px`;
      const hasChildren = node.children !== undefined && node.children.length > 0;
      if (hasChildren) item.setAttribute('aria-expanded', String(this.expanded.has(node.key)));
      const twistie = el('span', 'twistie', hasChildren ? (this.expanded.has(node.key) ? '▾' : '▸') : '');
      twistie.setAttribute('aria-hidden', 'true');
      // The label is packet-derived text: textContent only.
      item.append(twistie, el('span', 'label', node.label));
      item.addEventListener('mousedown', (e) => {
        if (e.button !== 0) return;
        this.select(node.key);
        if (hasChildren && (e.target === twistie || e.detail === 2)) this.toggle(node.key);
      });
      this.tree.appendChild(item);
    }
    this.tree.scrollTop = scroll;
  }

  private renderHex(): void {
    const d = this.details;
    clear(this.hex);
    if (d === null) return;
    const range = this.selectedRange();
    const lines = hexLines(d.bytes, 0, Math.min(d.bytes.length, MAX_HEX_LINES * 16));
    const payloadStart = d.payloadCaptured > 0 ? d.payloadOffset : Infinity;
    const payloadEnd = d.payloadOffset + d.payloadCaptured;
    const frag = document.createDocumentFragment();
    for (const line of lines) {
      const div = el('div');
      div.appendChild(el('span', 'off', `${line.offsetText}  `));
      const cls = (i: number): string => {
        const o = line.offset + i;
        const hl = range !== null && o >= range[0] && o < range[1] ? 'hl' : '';
        const pl = o >= payloadStart && o < payloadEnd ? 'pl' : '';
        return `${pl} ${hl}`.trim();
      };
      appendRuns(div, line.hex.length, 16, cls, (i) => (i < line.hex.length ? `${line.hex[i]}${i === 7 ? '  ' : ' '}` : i === 7 ? '    ' : '   '));
      div.appendChild(document.createTextNode(' '));
      appendRuns(div, line.ascii.length, line.ascii.length, cls, (i) => line.ascii[i]);
      frag.appendChild(div);
    }
    if (d.bytes.length > MAX_HEX_LINES * 16) frag.appendChild(el('div', 'off', `… ${d.bytes.length - MAX_HEX_LINES * 16} more bytes`));
    this.hex.appendChild(frag);
  }

  private selectedRange(): readonly [number, number] | null {
    if (this.details === null || this.selectedKey === null) return null;
    return findNode(this.details.tree, this.selectedKey)?.range ?? null;
  }

  private select(key: string): void {
    if (this.selectedKey === key) return;
    this.selectedKey = key;
    this.renderTree();
    this.renderHex();
  }

  private toggle(key: string): void {
    if (this.expanded.has(key)) this.expanded.delete(key);
    else this.expanded.add(key);
    this.renderTree();
    this.onExpandedChange();
  }

  private onKey(e: KeyboardEvent): void {
    if (this.visible.length === 0) return;
    const i = this.visible.findIndex((v) => v.node.key === this.selectedKey);
    const cur = this.visible[i];
    const hasChildren = cur !== undefined && cur.node.children !== undefined && cur.node.children.length > 0;
    switch (e.key) {
      case 'ArrowDown': this.select(this.visible[Math.min(this.visible.length - 1, i + 1)].node.key); break;
      case 'ArrowUp': this.select(this.visible[Math.max(0, i - 1)].node.key); break;
      case 'ArrowRight': if (hasChildren && !this.expanded.has(cur.node.key)) this.toggle(cur.node.key); break;
      case 'ArrowLeft':
        if (hasChildren && this.expanded.has(cur.node.key)) this.toggle(cur.node.key);
        else if (cur !== undefined) {
          // To the parent: the nearest shallower node above.
          for (let j = i - 1; j >= 0; j--) if (this.visible[j].depth < cur.depth) { this.select(this.visible[j].node.key); break; }
        }
        break;
      case 'Enter': case ' ': if (hasChildren) this.toggle(cur.node.key); break;
      default: return;
    }
    e.preventDefault();
  }
}

/** Appends spans for runs of consecutive items with the same class (few elements per line). */
function appendRuns(parent: HTMLElement, count: number, width: number, cls: (i: number) => string, text: (i: number) => string): void {
  let runClass: string | null = null;
  let runText = '';
  const flush = (): void => {
    if (runText === '') return;
    if (runClass === null || runClass === '') parent.appendChild(document.createTextNode(runText));
    else parent.appendChild(el('span', runClass, runText));
    runText = '';
  };
  for (let i = 0; i < width; i++) {
    const c = i < count ? cls(i) : '';
    if (c !== runClass) {
      flush();
      runClass = c;
    }
    runText += text(i);
  }
  flush();
}

function findNode(nodes: readonly FieldNode[], key: string): FieldNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const found = n.children !== undefined ? findNode(n.children, key) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

function containsKey(nodes: readonly FieldNode[], key: string): boolean {
  return findNode(nodes, key) !== undefined;
}
