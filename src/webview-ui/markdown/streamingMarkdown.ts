import type { Env, MarkdownIt, Token } from 'markdown-it';
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
 * DOM: `.markdown` > `.md-group`s > `.md-chunk`s (finished blocks, in order), and `.md-tail` last in the last group.
 * The tail is never moved (moving an element lays it out again), and a change of its size makes the browser walk its
 * siblings and its group's: groups of at most GROUP_SIZE chunks keep that walk short in answers of any length.
 */
export class StreamingMarkdown {
  readonly element: HTMLElement;
  /** The group the tail is in (the last one). */
  private group: HTMLElement;
  private tail: PatchableTail;
  /**
   * The text after what the frozen chunks show (which always ends at a block boundary, a line start). Only this is kept:
   * slicing it out of the whole answer every frame would copy the whole answer every frame.
   */
  private rest: string;
  /** The text the frozen chunks show (appended to once per block; read only by a render that re-renders it all). */
  private frozenText = '';
  /**
   * The link reference definitions (`[label]: url`) in the frozen text, as markdown-it keeps them in its env. Every
   * parse of the tail starts from them, so a later `[text][label]` links while it streams, as in a whole render.
   */
  private references: References = {};
  /** Whether the DOM shows `rest` as it is, and as final or not. */
  private rendered: { final: boolean } | undefined;
  /** How much of `rest` the DOM shows. */
  private renderedLength = 0;
  /**
   * While the tail is a code block still open at the top level: the fence character that could close it, and where in
   * `rest` its last line starts (kept up to date, so that no frame scans a long line again).
   */
  private openFence: { char: '`' | '~'; lineStart: number } | undefined;

  constructor(
    private readonly md: MarkdownIt,
    private readonly decorate: Decorator,
    initialText = '',
  ) {
    this.tail = newTail(decorate);
    this.group = newGroup();
    this.group.append(this.tail.element);
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    this.element.append(this.group);
    this.rest = initialText;
  }

  /** The text the tail shows (after a render: the last block), and the reference definitions it is parsed with. */
  get tailSource(): { text: string; references: References } {
    return { text: this.rest, references: this.references };
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
    if (!final && this.appendToOpenFence()) return;
    this.openFence = undefined;
    this.renderFully(final);
    this.renderedLength = this.rest.length;
  }

  private renderFully(final: boolean): void {
    // A reference definition serves links anywhere in the answer, also in blocks frozen before it arrived: the final
    // render of an answer that may have one renders it all again, once (a definition frozen while streaming already
    // did, when the blocks before it used its label).
    if (final && this.frozenText && REFERENCE_DEFINITION.test(this.rest)) this.unfreezeAll();
    const rest = this.rest;
    const env: Env = { references: { ...this.references } };
    const tokens = this.md.parse(rest, env);
    const lastBlock = lastTopLevelBlockStart(tokens);
    const tail = this.md.renderer.render(lastBlock > 0 ? tokens.slice(lastBlock) : tokens, this.md.options, { ...env, streamingTail: !final });
    const tailParts = splitHtml(tail);
    // The final render is a full one: a finished code block gets highlighted, and nothing edits the tail after it.
    if (lastBlock === 0) {
      const leading = tokens[0]?.map ? lineStartOffset(rest, tokens[0].map[0]) : 0;
      if (leading > 0) {
        // Before the one block there are only reference definitions (or blank lines): finished, and they show nothing.
        if (this.freezeReferences(rest.slice(0, leading), env)) {
          this.unfreezeAll();
          this.renderFully(final);
          return;
        }
        this.frozenText += rest.slice(0, leading);
        this.rest = rest.slice(leading);
      }
      if (final || !this.tail.update(tailParts)) this.tail.show(tail, tailParts, !final);
      if (!final) this.openFence = openFenceOf(tokens, this.rest);
      return;
    }
    const finishedLength = lineStartOffset(rest, tokens[lastBlock].map![0]);
    if (this.freezeReferences(rest.slice(0, finishedLength), env)) {
      // Blocks frozen earlier use a label just defined: render them again, with it (rare: once per such definition).
      this.unfreezeAll();
      this.renderFully(final);
      return;
    }
    const finished = this.md.renderer.render(tokens.slice(0, lastBlock), this.md.options, env);
    this.frozenText += rest.slice(0, finishedLength);
    this.rest = rest.slice(finishedLength);
    if (this.tail.update(splitHtml(finished))) {
      // The tail now shows exactly the finished blocks: it is the newest frozen chunk, and a new tail follows it.
      this.tail.element.className = CHUNK_CLASS;
      this.tail = newTail(this.decorate);
      this.placeTail();
      this.tail.show(tail, tailParts, !final);
      if (!final) this.openFence = openFenceOf(tokens.slice(lastBlock), this.rest);
      return;
    }
    // One sanitizer pass (its setup costs as much as a short tail): finished blocks, a marker, the tail.
    const fragment = sanitizeToFragment(`${finished}<hr class="${SPLIT_CLASS}">${tail}`);
    const chunk = document.createElement('div');
    chunk.className = CHUNK_CLASS;
    while (fragment.firstChild && !isSplit(fragment.firstChild)) chunk.append(fragment.firstChild);
    fragment.firstChild?.remove();
    this.decorate(chunk);
    this.tail.element.before(chunk);
    this.placeTail();
    this.tail.replace(fragment, tailParts, !final);
  }

  /**
   * Adds the reference definitions in `finishing` (text about to be frozen; `env` is from parsing it and the tail) to
   * those of the frozen text. True when one of them is new and the text frozen before may use its label.
   */
  private freezeReferences(finishing: string, env: Env): boolean {
    const known = this.references;
    if (!Object.keys(env.references ?? {}).some((label) => !(label in known))) return false;
    // The tail's definitions may still change (a URL half typed): learn only those in the finished text.
    const finishedEnv: Env = { references: { ...known } };
    this.md.parse(finishing, finishedEnv);
    const added = Object.keys(finishedEnv.references ?? {}).filter((label) => !(label in known));
    this.references = finishedEnv.references ?? known;
    if (!this.frozenText || added.length === 0) return false;
    const frozen = this.frozenText.toLowerCase();
    return added.some((label) => frozen.includes(`${label.toLowerCase()}]`));
  }

  /** Makes all the text the tail's again (the next render parses it all): for a definition that changes old blocks. */
  private unfreezeAll(): void {
    this.rest = this.frozenText + this.rest;
    this.frozenText = '';
    this.references = {};
    this.group = newGroup();
    this.group.append(this.tail.element);
    this.element.replaceChildren(this.group);
  }

  /**
   * The commonest frame: more code in an open code block. The new text can only extend the code (unless a line of it
   * could close the block), so it goes straight into the code's Text node: no parse, no diff, no sanitizer.
   */
  private appendToOpenFence(): boolean {
    const fence = this.openFence;
    if (!fence) return false;
    const rest = this.rest;
    const from = this.renderedLength;
    const added = rest.slice(from);
    // markdown-it rewrites \r and NUL: parse those.
    if (/[\r\0]/.test(added)) return false;
    // A line that starts like a fence might close the block: parse then. Only line starts matter, so the work is
    // proportional to the new text, however long the line (a 1 MB line of code streams in linear time).
    const lineStarts = [fence.lineStart];
    for (let newline = added.indexOf('\n'); newline >= 0; newline = added.indexOf('\n', newline + 1)) lineStarts.push(from + newline + 1);
    const closing = FENCE_START[fence.char];
    if (lineStarts.some((start) => closing.test(rest.slice(start, start + FENCE_START_LENGTH)))) return false;
    // markdown-it leaves out a last line of only spaces and tabs (no newline yet): what it shows is not a plain append.
    const lastLineStart = lineStarts[lineStarts.length - 1];
    if (BLANK_PARTIAL_LINE.test(rest.slice(fence.lineStart, from)) || BLANK_PARTIAL_LINE.test(rest.slice(lastLineStart))) return false;
    if (!this.tail.appendToCode(added, this.md.utils.escapeHtml(added))) return false;
    fence.lineStart = lastLineStart;
    this.renderedLength = rest.length;
    return true;
  }

  /** Puts the tail last in the last group, starting a new group when that one is full. */
  private placeTail(): void {
    if (this.group.childElementCount >= GROUP_SIZE) {
      this.group = newGroup();
      this.element.append(this.group);
    }
    if (this.tail.element.parentNode !== this.group || this.tail.element.nextSibling) this.group.append(this.tail.element);
  }
}

/** Chunks per group: a tail edit walks about this many siblings, and the answer's groups. */
const GROUP_SIZE = 24;

/** How a line that could close a code block starts (up to three spaces, then the fence); FENCE_START_LENGTH covers it. */
const FENCE_START = { '`': /^ {0,3}```/, '~': /^ {0,3}~~~/ } as const;
const FENCE_START_LENGTH = 6;

/** A line of spaces and tabs only, at least one. */
const BLANK_PARTIAL_LINE = /^[ \t]+$/;

/** The fence of `tokens` when they are one code block, opened unindented and not closed (yet), and its last line's start. */
function openFenceOf(tokens: readonly Token[], source: string): { char: '`' | '~'; lineStart: number } | undefined {
  const [only] = tokens;
  if (tokens.length !== 1 || only.type !== 'fence' || !source.startsWith(only.markup) || !source.includes('\n')) return undefined;
  const char = only.markup[0] === '~' ? '~' : '`';
  const body = source.slice(source.indexOf('\n') + 1);
  const closing = new RegExp(`^ {0,3}${char}{${only.markup.length},}[ \\t]*$`, 'm');
  return closing.test(body) ? undefined : { char, lineStart: source.lastIndexOf('\n') + 1 };
}

function newGroup(): HTMLElement {
  const group = document.createElement('div');
  group.className = 'md-group';
  return group;
}

function newTail(decorate: Decorator): PatchableTail {
  const element = document.createElement('div');
  element.className = 'md-tail';
  return new PatchableTail(element, decorate);
}

const CHUNK_CLASS = 'md-chunk';

/** Where markdown-it's parse env collects reference definitions: normalized label → destination. */
type References = NonNullable<Env['references']>;

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
