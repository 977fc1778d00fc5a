// A draggable divider between two panes (the diagram and the list; the list and the details).
// It reports sizes; the caller applies and remembers them.
import { el } from './dom';

export function splitter(orientation: 'vertical' | 'horizontal', onDrag: (delta: number) => void, onDone: () => void): HTMLDivElement {
  const bar = el('div', orientation === 'vertical' ? 'vsplit' : 'hsplit');
  bar.setAttribute('role', 'separator');
  bar.setAttribute('aria-orientation', orientation);
  bar.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    bar.setPointerCapture(e.pointerId);
    bar.classList.add('dragging');
    let last = orientation === 'vertical' ? e.clientX : e.clientY;
    const move = (m: PointerEvent): void => {
      const now = orientation === 'vertical' ? m.clientX : m.clientY;
      onDrag(now - last);
      last = now;
    };
    const up = (): void => {
      bar.classList.remove('dragging');
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
      bar.removeEventListener('pointercancel', up);
      onDone();
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
    bar.addEventListener('pointercancel', up);
  });
  return bar;
}
