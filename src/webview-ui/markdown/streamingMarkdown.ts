import type { MarkdownIt, Token } from 'markdown-it';
import { splitHtml } from './htmlParts';
import { PatchableTail, type Decorator } from './patchableTail';
import { sanitizeToFragment } from './sanitize';

export type { Decorator };

/**
 * Markdown that grows while it streams, rendered in O(total length): a top-level block followed by another one is
 * finished, so it is frozen (never parsed or touched again); only the last block (the growing tail: a paragraph, an
 * open code fence, a half table) is parsed and rendered again, once per frame at most, and its DOM is edited to
 * match (PatchableTail), not rebuilt. When the tail's block finishes, its element is edited to the finished HTML and
 * becomes a frozen chunk where it stands, so a block is sanitized and laid out about once, as in a single render.
 *
 * DOM: `.markdown` > `.md-frozen` (> chunks of finished blocks, in order) and `.md-tail`. The frozen chunks share one
 * parent so that laying out the tail, every frame, never walks past hundreds of siblings.
 */
export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly frozen: HTMLElement;
  private tail: PatchableTail;
  /**
   * The text after what `frozen` shows (which always ends at a block boundary, a line start). Only this part is kept:
   * slicing it out of the whole answer every frame would copy the whole answer every frame.
   */
  private rest: string;
  /** The text the frozen chunks show (appended to once per block; read only by a final render that needs it). */
  private frozenText = '';
  /** Whether the DOM shows `rest` as it is, and as final or not. */
  private rendered: { final: boolean } | undefined;

  constructor(
    private readonly md: MarkdownIt,
    private readonly decorate: Decorator,
    initialText = '',
  ) {
    this.frozen = document.createElement('div');
    this.frozen.className = 'md-frozen';
    this.tail = newTail(decorate);
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    this.element.append(this.frozen, this.tail.element);
    this.rest = initialText;
  }

  /** The text the tail shows (after a render: the last block). */
  get tailSource(): string {
    return this.rest;
  }

  append(delta: string): void {
    this.rest += delta;
    this.rendered = undefined;
  }

  /**
   * Brings the DOM up to date with the text; cheap when nothing changed. `final`: the text is complete, so the
   * tail is rendered like a finished block (its code highlighted).
   */
  render(final = false): void {
    if (this.rendered?.final === final) return;
    this.rendered = { final };
    if (final && this.frozenText && REFERENCE_DEFINITION.test(this.frozenText + this.rest)) {
      // A reference definition ([x]: https://…) serves links anywhere in the answer, also in blocks frozen before it
      // arrived or parsed apart from it: the final render of such an answer renders it all again, once.
      this.rest = this.frozenText + this.rest;
      this.frozenText = '';
      this.frozen.replaceChildren();
    }
    const rest = this.rest;
    const env = {};
    const tokens = this.md.parse(rest, env);
    const lastBlock = lastTopLevelBlockStart(tokens);
    const tail = this.md.renderer.render(lastBlock > 0 ? tokens.slice(lastBlock) : tokens, this.md.options, { ...env, streamingTail: !final });
    const tailParts = splitHtml(tail);
    // The final render is a full one: a finished code block gets highlighted, and nothing edits the tail after it.
    if (lastBlock === 0) {
      if (!final && this.tail.update(tailParts)) return;
      this.tail.replace(sanitizeToFragment(tail), tailParts, !final);
      return;
    }
    const finished = this.md.renderer.render(tokens.slice(0, lastBlock), this.md.options, env);
    const finishedLength = lineStartOffset(rest, tokens[lastBlock].map![0]);
    this.frozenText += rest.slice(0, finishedLength);
    this.rest = rest.slice(finishedLength);
    if (this.tail.update(splitHtml(finished))) {
      // The tail now shows exactly the finished blocks: it is the newest frozen chunk, and a new tail follows it.
      this.tail.element.className = CHUNK_CLASS;
      this.frozen.append(this.tail.element);
      this.tail = newTail(this.decorate);
      this.element.append(this.tail.element);
      this.tail.replace(sanitizeToFragment(tail), tailParts, !final);
      return;
    }
    // One sanitizer pass (its setup costs as much as a short tail): finished blocks, a marker, the tail.
    const fragment = sanitizeToFragment(`${finished}<hr class="${SPLIT_CLASS}">${tail}`);
    const chunk = document.createElement('div');
    chunk.className = CHUNK_CLASS;
    while (fragment.firstChild && !isSplit(fragment.firstChild)) chunk.append(fragment.firstChild);
    fragment.firstChild?.remove();
    this.decorate(chunk);
    this.frozen.append(chunk);
    this.tail.replace(fragment, tailParts, !final);
  }
}

function newTail(decorate: Decorator): PatchableTail {
  const element = document.createElement('div');
  element.className = 'md-tail';
  return new PatchableTail(element, decorate);
}

const CHUNK_CLASS = 'md-chunk';

/** A line that may define a link reference (`[label]: destination`); a false match costs one extra render. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

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
