import type { MarkdownIt, Token } from 'markdown-it';
import { sanitizeToFragment } from './sanitize';

/** Adds our own controls (code-block toolbars) to freshly rendered Markdown. */
export type Decorator = (root: ParentNode) => void;

/**
 * Markdown that grows while it streams, rendered in O(total length): a top-level block followed by another one is
 * finished, so it is rendered once, appended to `frozen` and never parsed again; only the last block (the growing
 * tail: a paragraph, an open code fence, a half table) is parsed and rendered again, once per frame at most.
 */
export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly frozen: HTMLElement;
  private readonly tail: HTMLElement;
  private text = '';
  /** How much of `text` is rendered into `frozen`; always at a block boundary (a line start). */
  private frozenLength = 0;
  private renderedLength = -1;
  private renderedFinal = false;

  constructor(
    private readonly md: MarkdownIt,
    private readonly decorate: Decorator,
    initialText = '',
  ) {
    this.frozen = document.createElement('div');
    this.frozen.className = 'md-frozen';
    this.tail = document.createElement('div');
    this.tail.className = 'md-tail';
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    this.element.append(this.frozen, this.tail);
    this.text = initialText;
  }

  get source(): string {
    return this.text;
  }

  append(delta: string): void {
    this.text += delta;
  }

  /**
   * Brings the DOM up to date with the text; cheap when nothing changed. `final`: the text is complete, so the
   * tail is rendered like a finished block (its code highlighted).
   */
  render(final = false): void {
    if (this.renderedLength === this.text.length && this.renderedFinal === final) return;
    this.renderedLength = this.text.length;
    this.renderedFinal = final;
    const rest = this.text.slice(this.frozenLength);
    const env: { streamingTail?: boolean } = {};
    const tokens = this.md.parse(rest, env);
    const lastBlock = lastTopLevelBlockStart(tokens);
    const finished = lastBlock > 0 ? this.md.renderer.render(tokens.slice(0, lastBlock), this.md.options, env) : '';
    const tail = this.md.renderer.render(lastBlock > 0 ? tokens.slice(lastBlock) : tokens, this.md.options, { ...env, streamingTail: !final });
    // One sanitizer pass per frame (its setup costs as much as a short tail): finished blocks, a marker, the tail.
    const fragment = sanitizeToFragment(finished ? `${finished}<hr class="${SPLIT_CLASS}">${tail}` : tail);
    this.decorate(fragment);
    if (finished) {
      const frozen = document.createDocumentFragment();
      while (fragment.firstChild && !isSplit(fragment.firstChild)) frozen.append(fragment.firstChild);
      fragment.firstChild?.remove();
      this.frozen.append(frozen);
      this.frozenLength += lineStartOffset(rest, tokens[lastBlock].map![0]);
    }
    this.tail.replaceChildren(fragment);
  }
}

/** Separates the finished blocks from the tail inside one sanitized fragment; an <hr> survives sanitizing. */
const SPLIT_CLASS = 'md-split';

function isSplit(node: Node): boolean {
  return node instanceof HTMLElement && node.tagName === 'HR' && node.classList.contains(SPLIT_CLASS);
}

/** Index of the token that opens the last top-level block; 0 when there is only one block (nothing to freeze). */
function lastTopLevelBlockStart(tokens: Token[]): number {
  for (let i = tokens.length - 1; i > 0; i--) {
    const token = tokens[i];
    if (token.level === 0 && token.nesting !== -1 && token.map) return i;
  }
  return 0;
}

function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}
