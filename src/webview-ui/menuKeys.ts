/**
 * The keys of a menu of buttons, as VS Code's own menus take them: ↑/↓ move (wrapping), Home/End jump, Escape closes.
 * Shared by the header's "…" menu and an answer's Inspect menu.
 */
export function handleMenuKey(event: KeyboardEvent, items: readonly HTMLElement[], close: () => void): void {
  const current = items.indexOf(event.target as HTMLElement);
  const count = items.length;
  const moves: Record<string, number> = { ArrowDown: (current + 1) % count, ArrowUp: current <= 0 ? count - 1 : current - 1, Home: 0, End: count - 1 };
  if (event.key in moves) {
    event.preventDefault();
    items[moves[event.key]].focus();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    close();
  }
}
