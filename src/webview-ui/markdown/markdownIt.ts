import hljs from 'highlight.js/lib/common';
import markdownIt, { type MarkdownIt } from 'markdown-it';

/** Links that may be followed: the web and mail. No javascript:, data:, command:, vscode:, file: (they render as text). */
const FOLLOWABLE = /^(https?:|mailto:)/i;

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
  return md;
}
