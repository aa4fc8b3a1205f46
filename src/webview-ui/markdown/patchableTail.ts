import { decodeText, openTagsBefore, planTailEdit, tagInfo } from './htmlParts';
import { buildPlainMarkup, sanitizeToFragment } from './sanitize';

/** Adds our own controls (code-block toolbars) to freshly rendered Markdown. */
export type Decorator = (root: ParentNode) => void;

/**
 * The growing tail of a streaming answer, kept in step with markdown-it's HTML by editing the DOM, not replacing it.
 * Between two frames the tail usually changes by a few words (or a few lines of code): rewriting those text nodes
 * costs a fraction of sanitizing and laying out the whole tail again, every frame, for thousands of frames.
 *
 * Safety: every attribute on the page still comes out of DOMPurify, and nothing is parsed as HTML outside it. An
 * edit either sets the data of an existing Text node (text is never parsed as markup), or inserts the changed run of
 * HTML: built as DOM when it is only allowlisted tags without attributes and text (buildPlainMarkup), else as the
 * nodes DOMPurify just produced from it, parsed inside its real ancestors (a table row inside its table) so that the
 * parser builds the same DOM as for the whole tail. Anything else, or any mismatch between the HTML and the DOM,
 * rebuilds the tail.
 */
export class PatchableTail {
  /** The tail's HTML as parts (see htmlParts.ts), and the DOM node of each: a Text or an Element, else null. */
  private parts: string[] | undefined;
  private nodes: (Node | null)[] = [];

  constructor(
    readonly element: HTMLElement,
    private readonly decorate: Decorator,
  ) {}

  /** Shows markdown-it's `html` (split into `parts`) as the tail: built directly when it is bare markup, else sanitized. */
  show(html: string, parts: string[], patchable: boolean): void {
    const plain = buildPlainMarkup(parts, 0, parts.length);
    if (plain) this.replace(plain.fragment, parts, patchable, plain.nodes);
    else this.replace(sanitizeToFragment(html), parts, patchable);
  }

  /**
   * Shows `fragment`, sanitized or built from `parts`, as the tail; `patchable`: later frames may edit it. `nodes`:
   * the node of each part, when known (else they are paired with the fragment's DOM, which must match them).
   */
  replace(fragment: DocumentFragment, parts: string[], patchable: boolean, knownNodes?: (Node | null)[]): void {
    const nodes = patchable ? (knownNodes ?? mapParts(fragment, parts, 0, parts.length)) : undefined;
    this.parts = nodes ? parts : undefined;
    this.nodes = nodes ?? [];
    this.decorate(fragment);
    this.element.replaceChildren(fragment);
  }

  /** Brings the DOM to `parts` by editing it; false when it cannot (then the caller rebuilds with `replace`). */
  update(parts: string[]): boolean {
    const old = this.parts;
    if (!old) return false;
    const plan = planTailEdit(old, parts);
    if (plan.kind === 'same') return true;
    if (plan.kind === 'rebuild') return false;
    const texts = plan.texts.map(({ to }) => ({ to, text: decodeText(parts[to]) }));
    if (texts.some(({ text }) => text === undefined)) return false;
    if (plan.splice) {
      const nodes = this.splice(old, parts, plan.splice);
      if (!nodes) return false;
      this.nodes = nodes;
    }
    this.parts = parts;
    for (const { to, text } of texts) {
      if (!this.setText(parts, to, text!)) {
        this.parts = undefined; // half edited: the caller rebuilds
        return false;
      }
    }
    return true;
  }

  /**
   * Appends `text` (raw; `escaped` is it as markdown-it writes it) to the text of the only code block the tail shows,
   * when that is what the tail is; false otherwise. The caller has checked that the text cannot close the block.
   */
  appendToCode(text: string, escaped: string): boolean {
    const parts = this.parts;
    const node = this.nodes[CODE_TEXT];
    if (!parts || parts.length !== FENCE_PARTS || tagInfo(parts[1]).name !== 'pre' || tagInfo(parts[3]).name !== 'code' || !(node instanceof Text)) return false;
    parts[CODE_TEXT] += escaped;
    node.appendData(text);
    return true;
  }

  /** Sets the text of part `index` (of the current parts), adding its Text node if the part was empty before. */
  private setText(parts: readonly string[], index: number, text: string): boolean {
    const node = this.nodes[index];
    if (node instanceof Text) {
      const current = node.data;
      if (text.length > current.length && text.startsWith(current)) node.appendData(text.slice(current.length));
      else if (text !== current) node.data = text;
      return true;
    }
    if (node !== null || text === '') return node === null;
    const parent = this.elementAt(openTagsBefore(parts, index));
    const before = parent && this.nodeAfter(parts, index + 1, parent);
    if (!parent || before === undefined) return false;
    const created = document.createTextNode(text);
    parent.insertBefore(created, before);
    this.nodes[index] = created;
    return true;
  }

  /** The element of the innermost of `ancestors` (indices of start tags), or the tail itself. */
  private elementAt(ancestors: readonly number[]): Element | undefined {
    const index = ancestors[ancestors.length - 1];
    const node = index === undefined ? this.element : this.nodes[index];
    return node instanceof Element ? node : undefined;
  }

  /** Replaces the nodes of `old[oldStart, oldEnd)` by sanitized nodes of `next[newStart, newEnd)`; the new node map. */
  private splice(old: readonly string[], next: string[], range: { oldStart: number; oldEnd: number; newStart: number; newEnd: number }): (Node | null)[] | undefined {
    const { oldStart, oldEnd, newStart, newEnd } = range;
    const ancestors = openTagsBefore(old, oldStart);
    const parent = this.elementAt(ancestors);
    if (!parent) return undefined;

    const inserted = this.sanitizeRun(next, newStart, newEnd, ancestors.map((index) => old[index]));
    if (!inserted) return undefined;
    const before = this.nodeAfter(old, oldEnd, parent);
    const removed = this.topLevelNodes(old, oldStart, oldEnd, parent);
    if (before === undefined || !removed) return undefined;
    for (const node of removed) parent.removeChild(node);
    parent.insertBefore(inserted.fragment, before);
    return [...this.nodes.slice(0, oldStart), ...inserted.nodes, ...this.nodes.slice(oldEnd)];
  }

  /** `parts[start, end)` sanitized within its ancestors' tags, decorated; undefined if the DOM does not match them. */
  private sanitizeRun(parts: readonly string[], start: number, end: number, ancestorTags: string[]): { fragment: DocumentFragment; nodes: (Node | null)[] } | undefined {
    // Bare tags and text (a word in <code>, a new list item) are built directly; anything with attributes is sanitized.
    // Built markup has no code block (no <pre>), so there is nothing to decorate.
    const plain = buildPlainMarkup(parts, start, end);
    if (plain) return plain;
    const closing = ancestorTags.map((tag) => `</${tagInfo(tag).name}>`).reverse();
    const sanitized = sanitizeToFragment(ancestorTags.join('') + parts.slice(start, end).join('') + closing.join(''));
    let container: ParentNode = sanitized;
    for (const tag of ancestorTags) {
      const only = container.firstChild;
      if (!(only instanceof Element) || only.localName !== tagInfo(tag).name || only.nextSibling) return undefined;
      container = only;
    }
    const nodes = mapParts(container, parts, start, end);
    if (!nodes) return undefined;
    this.decorate(container);
    // One by one: a highlighted block can have more children than a call may take arguments.
    const fragment = document.createDocumentFragment();
    while (container.firstChild) fragment.append(container.firstChild);
    return { fragment, nodes };
  }

  /** The node the run ending at `end` is followed by, as a child of `parent` (null: the run ends the parent). */
  private nodeAfter(parts: readonly string[], end: number, parent: Element): Node | null | undefined {
    for (let i = end; i < parts.length; i++) {
      if (i % 2 === 1 && tagInfo(parts[i]).closing) return null;
      const node = this.nodes[i];
      if (node) return childOf(parent, node);
    }
    return null;
  }

  /** The nodes of `parts[start, end)` that are direct children of `parent` (their descendants go with them). */
  private topLevelNodes(parts: readonly string[], start: number, end: number, parent: Element): Node[] | undefined {
    const found: Node[] = [];
    let depth = 0;
    for (let i = start; i < end; i++) {
      const tag = i % 2 === 1 ? tagInfo(parts[i]) : undefined;
      if (tag?.closing) {
        depth--;
        continue;
      }
      const node = this.nodes[i];
      if (depth === 0 && node) {
        const child = childOf(parent, node);
        if (!child) return undefined;
        found.push(child);
      }
      if (tag && !tag.void) depth++;
    }
    return found;
  }
}

/** A tail that is one code block: '', <pre>, '', <code>, the code, </code>, '', </pre>, '\n'. */
const FENCE_PARTS = 9;
const CODE_TEXT = 4;

/** `node`, or the ancestor of it that is a child of `parent` (a code block sits in the frame its toolbar added). */
function childOf(parent: Node, node: Node): Node | undefined {
  let current: Node | null = node;
  while (current && current.parentNode !== parent) current = current.parentNode;
  return current ?? undefined;
}

/**
 * Pairs `parts[start, end)` with the DOM the parser and sanitizer made of them, in `container`: each text part with
 * its Text node (null when empty), each start tag with its element, each end tag with null. Undefined when the two
 * differ in any way (the sanitizer removed something, the parser moved something): such a tail is never patched.
 */
function mapParts(container: ParentNode, parts: readonly string[], start: number, end: number): (Node | null)[] | undefined {
  const nodes: (Node | null)[] = [];
  const resume: (ChildNode | null)[] = [];
  let next: ChildNode | null = container.firstChild;
  for (let i = start; i < end; i++) {
    const part = parts[i];
    if (i % 2 === 0) {
      if (part === '') {
        nodes.push(null);
        continue;
      }
      if (!(next instanceof Text) || next.data !== decodeText(part)) return undefined;
      nodes.push(next);
      next = next.nextSibling;
      continue;
    }
    const tag = tagInfo(part);
    if (tag.closing) {
      if (next !== null || resume.length === 0) return undefined;
      next = resume.pop()!;
      nodes.push(null);
      continue;
    }
    if (!(next instanceof Element) || next.localName !== tag.name) return undefined;
    nodes.push(next);
    if (tag.void) {
      next = next.nextSibling;
    } else {
      resume.push(next.nextSibling);
      next = next.firstChild;
    }
  }
  return next === null && resume.length === 0 ? nodes : undefined;
}
