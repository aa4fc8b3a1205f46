import createDOMPurify, { type Config } from 'dompurify';
import { decodeText } from './htmlParts';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span', 'a',
  'em', 'strong', 'del', 's', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: /^https?:/i,
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

let purifier: ReturnType<typeof createDOMPurify> | undefined;

/**
 * The last gate before model output becomes DOM: an allowlist of plain document tags, no style attributes (the CSP
 * forbids inline styles), no event handlers, links only to http(s). markdown-it already escapes raw HTML;
 * this catches whatever a renderer rule or a parser bug might let through. A private instance with its config set
 * once: streaming calls this every frame, and re-reading the config per call cost as much as a short tail.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  if (!purifier) {
    purifier = createDOMPurify(window);
    purifier.setConfig(CONFIG);
  }
  return purifier.sanitize(html, CONFIG) as DocumentFragment;
}

/**
 * Tags that may be built without the sanitizer when they carry no attribute at all: an element of one of these with
 * no attributes can neither run nor load anything. Left out: <pre>, whose first newline the HTML parser drops (a
 * builder would have to imitate that). Table tags are in: markdown-it puts only whitespace between them, which the
 * parser keeps where it stands, as the builder does.
 */
const PLAIN_TAGS = new Set(ALLOWED_TAGS.filter((tag) => tag !== 'pre'));
const PLAIN_TAG = /^<(\/?)([a-z][a-z0-9]*)>$/;
const PLAIN_VOID = new Set(['br', 'hr']);

/**
 * The DOM of `parts[start, end)` (markdown-it's HTML split by splitHtml: text at even indices, tags at odd ones) when
 * every tag in it is a bare allowed tag (`<p>`, `</em>`: no attributes) and the tags nest; undefined otherwise (then
 * the caller sanitizes the HTML). Nothing is parsed: elements come from createElement, text from createTextNode, so
 * this adds no way in that DOMPurify would have to take out. It exists because a DOMPurify call parses a new document
 * each time, and a streaming answer inserts a word in <code> or a list item many times a second (measured: 90–130 µs
 * per call for a one-line run, against a few µs to build it).
 *
 * `nodes` pairs each part with its node, as mapParts in patchableTail.ts does: a Text (null when the text is empty),
 * an Element for a start tag, null for an end tag.
 */
export function buildPlainMarkup(parts: readonly string[], start: number, end: number): { fragment: DocumentFragment; nodes: (Node | null)[] } | undefined {
  const fragment = document.createDocumentFragment();
  const nodes: (Node | null)[] = [];
  const open: Element[] = [];
  let parent: ParentNode = fragment;
  for (let i = start; i < end; i++) {
    const part = parts[i];
    if (i % 2 === 0) {
      if (part === '') {
        nodes.push(null);
        continue;
      }
      const text = decodeText(part);
      if (text === undefined) return undefined;
      const node = document.createTextNode(text);
      parent.appendChild(node);
      nodes.push(node);
      continue;
    }
    const tag = PLAIN_TAG.exec(part);
    if (!tag || !PLAIN_TAGS.has(tag[2])) return undefined;
    const [, closing, name] = tag;
    if (closing) {
      if (open.pop()?.localName !== name) return undefined;
      parent = open[open.length - 1] ?? fragment;
      nodes.push(null);
      continue;
    }
    const element = document.createElement(name);
    parent.appendChild(element);
    nodes.push(element);
    if (PLAIN_VOID.has(name)) continue;
    open.push(element);
    parent = element;
  }
  return open.length === 0 ? { fragment, nodes } : undefined;
}
