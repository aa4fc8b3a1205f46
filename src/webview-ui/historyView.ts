import { groupHistory } from '../shared/historyGroups';
import type { HistoryItem } from '../shared/protocol';
import { button, codicon, h } from './dom';

export interface HistoryActions {
  search(query: string): void;
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
  restore(id: string): void;
  pin(id: string, pinned: boolean): void;
  close(): void;
}

const SEARCH_DEBOUNCE_MS = 200;
const UNDO_MS = 10_000;

/** The list of past conversations: grouped by date, searchable (titles and message text), each renamable, pinnable, deletable. */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly searchInput: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly undoBar: HTMLElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  private currentId = '';

  constructor(private readonly actions: HistoryActions) {
    this.searchInput = h('input', { type: 'search', className: 'history-search', placeholder: 'Search conversations', 'aria-label': 'Search conversations' });
    this.searchInput.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => actions.search(this.searchInput.value), SEARCH_DEBOUNCE_MS);
    });
    this.searchInput.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') actions.close();
    });
    this.list = h('div', { className: 'history-list', role: 'list' });
    this.undoBar = h('div', { className: 'undo-bar', role: 'status' });
    this.undoBar.hidden = true;
    this.element = h(
      'section',
      { className: 'history', 'aria-label': 'Conversation history' },
      h('div', { className: 'history-top' }, this.searchInput, button('Close', { icon: 'close', className: 'icon-button history-close', title: 'Back to the chat', onClick: () => actions.close() })),
      this.list,
      this.undoBar,
    );
    this.element.hidden = true;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  get query(): string {
    return this.searchInput.value;
  }

  open(currentId: string): void {
    this.currentId = currentId;
    this.element.hidden = false;
    this.searchInput.focus();
    this.actions.search(this.searchInput.value);
  }

  close(): void {
    this.element.hidden = true;
  }

  show(items: HistoryItem[], query: string): void {
    if (query !== this.searchInput.value) return; // an answer to an older search
    if (items.length === 0) {
      this.list.replaceChildren(h('p', { className: 'history-empty' }, query ? `No conversation matches “${query}”.` : 'No conversations yet.'));
      return;
    }
    const sections = groupHistory(items, new Date()).map((group) =>
      h('div', { className: 'history-group', role: 'group', 'aria-label': group.label }, h('h3', { className: 'history-group-label' }, group.label), ...group.items.map((item) => this.row(item))),
    );
    this.list.replaceChildren(...sections);
  }

  /** A conversation was deleted: offer to bring it back for a while. */
  offerUndo(id: string, title: string): void {
    clearTimeout(this.undoTimer);
    this.undoBar.replaceChildren(
      h('span', {}, `Deleted “${title}”.`),
      button('Undo', {
        icon: 'discard',
        className: 'button secondary undo-delete',
        onClick: () => {
          this.actions.restore(id);
          this.undoBar.hidden = true;
        },
      }),
    );
    this.undoBar.hidden = false;
    this.undoTimer = setTimeout(() => (this.undoBar.hidden = true), UNDO_MS);
  }

  private row(item: HistoryItem): HTMLElement {
    const title = item.title || item.preview || 'Untitled';
    const open = h('button', { type: 'button', className: 'history-open', title: `Open “${title}”` }, h('span', { className: 'history-title' }, title), h('span', { className: 'history-meta' }, `${relativeTime(item.updatedAt)} · ${item.messageCount} messages`));
    open.addEventListener('click', () => this.actions.open(item.id));
    const row = h('div', { className: `history-row${item.id === this.currentId ? ' is-current' : ''}${item.pinned ? ' is-pinned' : ''}`, role: 'listitem', 'data-id': item.id }, open);
    const pin = h('button', { type: 'button', className: 'icon-button history-pin', title: item.pinned ? 'Unpin' : 'Pin', 'aria-label': item.pinned ? 'Unpin' : 'Pin', 'aria-pressed': String(item.pinned) }, codicon(item.pinned ? 'pinned' : 'pin'));
    pin.addEventListener('click', () => this.actions.pin(item.id, !item.pinned));
    const rename = h('button', { type: 'button', className: 'icon-button history-rename', title: 'Rename', 'aria-label': 'Rename' }, codicon('edit'));
    rename.addEventListener('click', () => this.startRename(open, item));
    const remove = h('button', { type: 'button', className: 'icon-button history-delete', title: 'Delete', 'aria-label': 'Delete' }, codicon('trash'));
    remove.addEventListener('click', () => this.actions.remove(item.id));
    row.append(h('div', { className: 'history-tools' }, pin, rename, remove));
    return row;
  }

  private startRename(open: HTMLElement, item: HistoryItem): void {
    const input = h('input', { type: 'text', className: 'history-rename-input', 'aria-label': 'New title' });
    input.value = item.title;
    let done = false;
    const finish = (save: boolean) => {
      if (done) return; // Enter, then the blur that removing the input causes
      done = true;
      if (save && input.value.trim().length > 0 && input.value !== item.title) this.actions.rename(item.id, input.value.trim());
      input.replaceWith(open);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true), { once: true });
    open.replaceWith(input);
    input.focus();
    input.select();
  }
}

function relativeTime(at: number): string {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString();
}
