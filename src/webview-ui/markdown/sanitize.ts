import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span', 'a',
  'em', 'strong', 'del', 's', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];

/**
 * The last gate before model output becomes DOM: an allowlist of plain document tags, no style attributes (the CSP
 * forbids inline styles), no event handlers, links only to http(s) and mail. markdown-it already escapes raw HTML;
 * this catches whatever a renderer rule or a parser bug might let through.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}
