/**
 * markdown-it's HTML as a sequence of parts, and the smallest edit from one version of a streaming tail to the next.
 * Pure string logic (no DOM), so it runs in plain Node too.
 *
 * `splitHtml` gives alternating parts: even indices are text (possibly empty), odd indices are tags. That split is
 * exact for markdown-it's output, because it escapes every `<` and `>` of text and of attribute values.
 */

/** Elements that never have a closing tag. */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'input', 'wbr']);

export function splitHtml(html: string): string[] {
  return html.split(/(<[^>]*>)/);
}

export interface TagInfo {
  name: string;
  closing: boolean;
  void: boolean;
}

export function tagInfo(part: string): TagInfo {
  const closing = part.charCodeAt(1) === 0x2f; // '/'
  const name = /^<\/?([A-Za-z][\w-]*)/.exec(part)?.[1]?.toLowerCase() ?? '';
  return { name, closing, void: !closing && VOID_ELEMENTS.has(name) };
}

/** What markdown-it's and highlight.js's escaping writes (nothing else: other text reaches them decoded). */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };

/** The text a text part becomes in the DOM; undefined when it holds an entity the escapers do not write. */
export function decodeText(part: string): string | undefined {
  if (!part.includes('&')) return part;
  let unknown = false;
  const text = part.replace(/&[^;&\s]*;?/g, (entity) => {
    const decoded = ENTITIES[entity];
    if (decoded === undefined) unknown = true;
    return decoded ?? entity;
  });
  return unknown ? undefined : text;
}

/** A text part whose DOM text node is rewritten (or, where it was empty, added): `from` in the old parts, `to` in the new. */
export interface TextEdit {
  from: number;
  to: number;
}

/**
 * How to turn the DOM of `old` into that of `next`:
 * - `same`: nothing changed;
 * - `edit`: rewrite some text nodes, and possibly replace one balanced run of parts (`old[oldStart, oldEnd)` by
 *   `next[newStart, newEnd)`, both inside the same parent element) with freshly sanitized nodes;
 * - `rebuild`: the change is not of that shape (render the tail from scratch).
 *
 * Tags must match from both ends; texts between matching tags may differ (that is what streaming does to them).
 * So a paragraph that grows a word is one text edit; one that grows a `<code>` span is a text edit plus a run to
 * insert; a list that grows an item is a run inserted before `</ul>`.
 */
export type TailPlan =
  | { kind: 'same' }
  | { kind: 'edit'; texts: TextEdit[]; splice?: { oldStart: number; oldEnd: number; newStart: number; newEnd: number } }
  | { kind: 'rebuild' };

export function planTailEdit(old: readonly string[], next: readonly string[]): TailPlan {
  let texts: TextEdit[] = [];
  // Even indices are text, odd ones tags, in both (each alternates from index 0 and has an odd length).
  let start = 0;
  const shorter = Math.min(old.length, next.length);
  while (start < shorter && (start % 2 === 0 || old[start] === next[start])) {
    if (old[start] !== next[start]) texts.push({ from: start, to: start });
    start++;
  }
  let oldEnd = old.length;
  let newEnd = next.length;
  while (oldEnd > start && newEnd > start && ((oldEnd - 1) % 2 === 0 || old[oldEnd - 1] === next[newEnd - 1])) {
    oldEnd--;
    newEnd--;
    if (old[oldEnd] !== next[newEnd]) texts.push({ from: oldEnd, to: newEnd });
  }
  if (start === oldEnd && start === newEnd) return texts.length > 0 ? { kind: 'edit', texts } : { kind: 'same' };

  // The run to replace must be balanced on both sides (two insertions, say a word in one list item and a new item
  // after it, are not): widen it to the element around it until it is. A run directly in a <pre> (its <code> tag,
  // so its language, changed) takes the whole block, whose toolbar names the language; a run inside the <code> (the
  // code highlighted once it is finished) keeps the block and its toolbar.
  const ancestors = openTagsBefore(old, start);
  const inPre = () => ancestors.length > 0 && tagInfo(old[ancestors[ancestors.length - 1]]).name === 'pre';
  while (inPre() || !isBalanced(old, start, oldEnd) || !isBalanced(next, start, newEnd)) {
    const open = ancestors.pop();
    const close = open === undefined ? undefined : matchingClose(old, open);
    if (open === undefined || close === undefined) return { kind: 'rebuild' };
    start = open;
    oldEnd = Math.max(oldEnd, close + 1);
    newEnd = next.length - (old.length - oldEnd);
    if (newEnd < start) return { kind: 'rebuild' };
  }
  texts = texts.filter(({ from }) => from < start || from >= oldEnd);
  return { kind: 'edit', texts, splice: { oldStart: start, oldEnd, newStart: start, newEnd } };
}

/** Index of the end tag that closes the start tag at `open`. */
function matchingClose(parts: readonly string[], open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < parts.length; i += 2) {
    const tag = tagInfo(parts[i]);
    if (tag.void) continue;
    depth += tag.closing ? -1 : 1;
    if (depth === 0) return i;
  }
  return undefined;
}

/** True when the tags of `parts[start, end)` open and close each other in order, never closing an outer element. */
export function isBalanced(parts: readonly string[], start: number, end: number): boolean {
  const open: string[] = [];
  for (let i = start; i < end; i++) {
    if (i % 2 === 0) continue;
    const tag = tagInfo(parts[i]);
    if (tag.void) continue;
    if (!tag.closing) open.push(tag.name);
    else if (open.pop() !== tag.name) return false;
  }
  return open.length === 0;
}

/** Indices of the tags still open just before `parts[index]`, outermost first. */
export function openTagsBefore(parts: readonly string[], index: number): number[] {
  const open: number[] = [];
  for (let i = 1; i < index; i += 2) {
    const tag = tagInfo(parts[i]);
    if (tag.void) continue;
    if (tag.closing) open.pop();
    else open.push(i);
  }
  return open;
}
