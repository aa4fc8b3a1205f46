import type { FileSuggestion } from '../shared/protocol';
import { codicon, h } from './dom';

/** Typing pauses this long before the host is asked: one query per burst of keys, not one per key. */
export const MENTION_QUERY_DEBOUNCE_MS = 100;
/** A longer run of non-space text after `@` is not a file being looked for (and the host caps queries anyway). */
const MAX_MENTION_QUERY = 200;

/** An `@` mention being typed: `text.slice(start, end)` is `@` + `query`, and `end` is the caret. */
export interface MentionToken {
  start: number;
  end: number;
  query: string;
}

/**
 * The mention the caret is in, if any: an `@` at the start of the text or after whitespace, followed by non-space
 * text up to the caret. `name@example.com` is not a mention; neither is anything with a space after the `@`.
 */
export function findMention(text: string, caret: number): MentionToken | undefined {
  for (let index = caret - 1; index >= 0 && caret - index <= MAX_MENTION_QUERY + 1; index--) {
    const character = text[index];
    if (character === '@') {
      if (index > 0 && !/\s/.test(text[index - 1])) return undefined;
      return { start: index, end: caret, query: text.slice(index + 1, caret) };
    }
    if (/\s/.test(character)) return undefined;
  }
  return undefined;
}

/** The text once the picked mention's `@query` is taken out, and where the caret goes. */
export function removeMention(text: string, token: MentionToken): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + text.slice(token.end), caret: token.start };
}

export interface MentionCallbacks {
  /** Ask the host for files matching `query` (answered with showSuggestions). */
  query(query: string): void;
  pick(suggestion: FileSuggestion, token: MentionToken): void;
}

const LISTBOX_ID = 'mention-listbox';

/**
 * The `@` file picker of the composer: a listbox above the textarea, driven by the textarea's own keys so the focus
 * never leaves where the user types (the textarea is the combobox, the active option its aria-activedescendant).
 * ArrowDown/ArrowUp move, Enter or Tab pick, Escape closes until the caret leaves that mention.
 */
export class MentionPopup {
  readonly element: HTMLElement;
  private token: MentionToken | undefined;
  /** The query last asked of the host: answers for any other are stale and dropped. */
  private askedQuery: string | undefined;
  private suggestions: FileSuggestion[] = [];
  private active = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Start of a mention closed with Escape: it stays closed while the caret is in it. */
  private dismissedStart: number | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly callbacks: MentionCallbacks,
  ) {
    this.element = h('ul', { className: 'mention-popup', id: LISTBOX_ID, role: 'listbox', 'aria-label': 'Files to attach' });
    // Clicking an option must not take the focus from the textarea (that would close the popup before the click).
    this.element.addEventListener('mousedown', (event) => event.preventDefault());
    this.element.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      if (option?.dataset.index !== undefined) this.pick(Number(option.dataset.index));
    });
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', LISTBOX_ID);
    input.addEventListener('blur', () => this.close());
    this.render();
  }

  get isOpen(): boolean {
    return this.token !== undefined && this.suggestions.length > 0;
  }

  /** The text or the caret changed: follow the mention the caret is in (or close). */
  update(): void {
    const caret = this.input.selectionStart === this.input.selectionEnd ? this.input.selectionStart : -1;
    const token = caret >= 0 ? findMention(this.input.value, caret) : undefined;
    if (token === undefined || token.start !== this.dismissedStart) this.dismissedStart = undefined;
    if (token === undefined || this.dismissedStart !== undefined) {
      this.close();
      return;
    }
    const previous = this.token;
    this.token = token;
    if (previous?.query === token.query && previous.start === token.start) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.askedQuery = token.query;
      this.callbacks.query(token.query);
    }, MENTION_QUERY_DEBOUNCE_MS);
  }

  /** The host's answer for `query`: shown only if that is still what is being typed. */
  show(query: string, suggestions: FileSuggestion[]): void {
    if (this.token === undefined || query !== this.token.query || query !== this.askedQuery) return;
    this.suggestions = suggestions;
    this.active = 0;
    this.render();
  }

  /** Keys typed in the textarea while the popup is open; true when the popup used the key (the composer must not). */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen || event.isComposing) return false;
    switch (event.key) {
      case 'ArrowDown':
        this.move(1);
        break;
      case 'ArrowUp':
        this.move(-1);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false;
        this.pick(this.active);
        break;
      case 'Escape':
        this.dismissedStart = this.token?.start;
        this.close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.token = undefined;
    this.askedQuery = undefined;
    if (this.suggestions.length === 0) return this.render();
    this.suggestions = [];
    this.render();
  }

  private move(step: number): void {
    const count = this.suggestions.length;
    this.active = (this.active + step + count) % count;
    this.render();
  }

  private pick(index: number): void {
    const suggestion = this.suggestions[index];
    const token = this.token;
    if (!suggestion || !token) return;
    this.close();
    this.callbacks.pick(suggestion, token);
  }

  private render(): void {
    const open = this.isOpen;
    this.element.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    if (!open) {
      this.element.replaceChildren();
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    const options = this.suggestions.map((suggestion, index) =>
      h(
        'li',
        { className: 'mention-option', id: `mention-option-${index}`, role: 'option', 'aria-selected': String(index === this.active), 'data-index': String(index), title: suggestion.path },
        codicon('file'),
        h('span', { className: 'mention-path' }, suggestion.path),
      ),
    );
    this.element.replaceChildren(...options);
    this.input.setAttribute('aria-activedescendant', `mention-option-${this.active}`);
    options[this.active].scrollIntoView({ block: 'nearest' });
  }
}
