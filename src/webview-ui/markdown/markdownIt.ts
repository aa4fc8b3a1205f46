import hljs from 'highlight.js/lib/common';
import markdownIt, { type MarkdownIt, type StateBlock } from 'markdown-it';

/**
 * Links that may be followed: the web only. Anything else renders as text: javascript:, data:, command:, vscode:,
 * file:, and mailto: too (an answer can fill in the recipient and body of a mail the user might send unread; an
 * address written out, linkified or not, stays readable text).
 */
const FOLLOWABLE = /^https?:/i;

/**
 * The one Markdown parser for model output: raw HTML off (a `<script>` in an answer is text), only followable links,
 * no image ever fetched (an image becomes a link-styled placeholder, since a remote image is an exfiltration channel),
 * code highlighted by highlight.js. Its HTML still goes through DOMPurify (sanitize.ts) before it reaches the page.
 */
export function createMarkdown(): MarkdownIt {
  const md: MarkdownIt = markdownIt({
    html: false,
    linkify: true,
    typographer: false,
    highlight: (code: string, language: string): string => {
      const lang = language.toLowerCase();
      if (lang && hljs.getLanguage(lang)) {
        try {
          return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
        } catch {
          /* fall through to plain text */
        }
      }
      return md.utils.escapeHtml(code);
    },
  });
  md.validateLink = (url) => FOLLOWABLE.test(url.trim());

  md.renderer.rules.image = (tokens, index) => {
    const token = tokens[index];
    const source = String(token.attrGet('src') ?? '');
    const alt = token.children?.map((child) => child.content).join('') || 'image';
    const label = `Image: ${alt}`;
    // Never an <img>: the URL is shown, and can be opened through the host like any link.
    return FOLLOWABLE.test(source)
      ? `<a class="image-placeholder" href="${md.utils.escapeHtml(source)}" title="${md.utils.escapeHtml(source)}">${md.utils.escapeHtml(label)}</a>`
      : `<span class="image-placeholder">${md.utils.escapeHtml(label)}</span>`;
  };

  // Fences carry their language as a class for the code toolbar (its tools are added as DOM, after sanitizing).
  // A code block still streaming is shown plain: highlighting it again on every frame would cost O(n²); it is
  // highlighted once, when it is finished (env.streamingTail is set while rendering the growing tail).
  md.renderer.rules.fence = (tokens, index, options, env) => {
    const token = tokens[index];
    const language = token.info.trim().split(/\s+/)[0] ?? '';
    const streaming = (env as { streamingTail?: boolean } | undefined)?.streamingTail === true;
    const highlighted = (!streaming && options.highlight?.(token.content, language, '')) || md.utils.escapeHtml(token.content);
    const lang = language.replace(/[^\w+#.-]/g, '');
    return `<pre class="code-block"><code class="hljs${lang ? ` language-${lang}` : ''}">${highlighted}</code></pre>\n`;
  };
  md.renderer.rules.code_block = (tokens, index) => `<pre class="code-block"><code class="hljs">${md.utils.escapeHtml(tokens[index].content)}</code></pre>\n`;
  md.block.ruler.before('table', 'depth_limit', keepContentBeyondDepthLimit);
  return md;
}

/** Block nesting (open lists, items, quotes) from which deeper content is shown as plain paragraphs. */
const DEPTH_LIMIT = 80;

/**
 * markdown-it stops at `maxNesting` (100) by skipping everything to the end of the enclosing block, which can be the
 * rest of the answer: a list nested some 50 deep (easily written by a model, or on purpose) would silently drop what
 * follows. Before that depth, this rule takes the rest of the current container as one plain paragraph, so the text
 * is kept (its Markdown unrendered) and the parser goes on after it.
 */
function keepContentBeyondDepthLimit(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.level < DEPTH_LIMIT || silent) return false;
  let nextLine = startLine + 1;
  while (nextLine < endLine && (state.isEmpty(nextLine) || state.sCount[nextLine] >= state.blkIndent)) nextLine++;
  const open = state.push('paragraph_open', 'p', 1);
  open.map = [startLine, nextLine];
  const inline = state.push('inline', '', 0);
  inline.content = state.getLines(startLine, nextLine, state.blkIndent, false).trim();
  inline.map = [startLine, nextLine];
  inline.children = [];
  state.push('paragraph_close', 'p', -1);
  state.line = nextLine;
  return true;
}
