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

  /** Brings the DOM up to date with the text; cheap when nothing changed. */
  render(): void {
    if (this.renderedLength === this.text.length) return;
    this.renderedLength = this.text.length;
    const rest = this.text.slice(this.frozenLength);
    const env = {};
    const tokens = this.md.parse(rest, env);
    const lastBlock = lastTopLevelBlockStart(tokens);
    let tailTokens = tokens;
    if (lastBlock > 0) {
      const finished = this.md.renderer.render(tokens.slice(0, lastBlock), this.md.options, env);
      const fragment = sanitizeToFragment(finished);
      this.decorate(fragment);
      this.frozen.append(fragment);
      this.frozenLength += lineStartOffset(rest, tokens[lastBlock].map![0]);
      tailTokens = tokens.slice(lastBlock);
    }
    const fragment = sanitizeToFragment(this.md.renderer.render(tailTokens, this.md.options, env));
    this.decorate(fragment);
    this.tail.replaceChildren(fragment);
  }
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
