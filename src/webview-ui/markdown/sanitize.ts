import createDOMPurify, { type Config } from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span', 'a',
  'em', 'strong', 'del', 's', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

let purifier: ReturnType<typeof createDOMPurify> | undefined;

/**
 * The last gate before model output becomes DOM: an allowlist of plain document tags, no style attributes (the CSP
 * forbids inline styles), no event handlers, links only to http(s) and mail. markdown-it already escapes raw HTML;
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
