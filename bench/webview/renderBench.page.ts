/**
 * Browser side of the streaming-render bench (bundled by bench/webview/browserBench.ts, run in Chromium). Main-thread
 * time, measured with performance.now() around synchronous work; each "frame" ends with a forced layout, so style
 * and layout of what was rendered are paid for in the frame that caused them. Paint is not included.
 */
import { decorateCodeBlocks } from '../../src/webview-ui/markdown/codeTools';
import { createMarkdown } from '../../src/webview-ui/markdown/markdownIt';
import { sanitizeToFragment } from '../../src/webview-ui/markdown/sanitize';
import { StreamingMarkdown } from '../../src/webview-ui/markdown/streamingMarkdown';
import { streamedAnswer } from './corpus';
import type { OursResult, RenderBenchApi } from './pageApi';

declare global {
  interface Window {
    renderBench: RenderBenchApi;
  }
}

const md = createMarkdown();
const { text, deltas } = streamedAnswer();

/** A fresh container in the page (styled like a message), replacing the previous run's. */
function freshHost(): HTMLElement {
  const host = document.createElement('div');
  host.className = 'block block-markdown';
  document.getElementById('bench-root')!.replaceChildren(host);
  return host;
}

/** The rendered Markdown without our frozen/chunk/tail wrappers, to compare renderers' output. */
function contentHtml(view: StreamingMarkdown): string {
  return Array.from(view.element.querySelectorAll('.md-chunk, .md-tail'), (wrapper) => wrapper.innerHTML).join('');
}

/** Streams `chunks` into a fresh view, one render (and forced layout) per chunk. */
function streamChunks(chunks: readonly string[]): OursResult {
  const host = freshHost();
  const started = performance.now();
  const view = new StreamingMarkdown(md, decorateCodeBlocks);
  host.append(view.element);
  let tailChars = 0;
  let probing = 0;
  for (const chunk of chunks) {
    view.append(chunk);
    view.render();
    void host.offsetHeight;
    const probe = performance.now(); // how much is kept in step each frame; its own cost is taken out
    tailChars += view.element.querySelector('.md-tail')?.textContent?.length ?? 0;
    probing += performance.now() - probe;
  }
  const ms = performance.now() - started - probing;
  return { ms, frames: chunks.length, tailChars: tailChars / chunks.length, html: contentHtml(view) };
}

window.renderBench = {
  info: () => ({ chars: text.length, bytes: new TextEncoder().encode(text).length, deltas: deltas.length }),

  single() {
    const host = freshHost();
    const started = performance.now();
    const view = new StreamingMarkdown(md, decorateCodeBlocks, text);
    host.append(view.element);
    view.render();
    void host.offsetHeight;
    const ms = performance.now() - started;
    return { ms, html: contentHtml(view) };
  },

  ours(perFrame) {
    const chunks: string[] = [];
    for (let i = 0; i < deltas.length; i += perFrame) chunks.push(deltas.slice(i, i + perFrame).join(''));
    return streamChunks(chunks);
  },

  oursChunks: (chunks) => streamChunks(chunks),

  floor(perFrame) {
    // The answer's final DOM (not timed), and one more paragraph after it whose Text node every frame appends to.
    const host = freshHost();
    const view = new StreamingMarkdown(md, decorateCodeBlocks, text);
    host.append(view.element);
    view.render();
    const paragraph = document.createElement('p');
    const node = document.createTextNode('');
    paragraph.append(node);
    view.element.append(paragraph);
    void host.offsetHeight;
    let frames = 0;
    const started = performance.now();
    for (let i = 0; i < deltas.length; i += perFrame) {
      const added = deltas.slice(i, i + perFrame).join('');
      // A paragraph-sized tail, as ours keeps (a longer one would only make the floor higher).
      if (node.length > 400) node.data = added;
      else node.appendData(added);
      void host.offsetHeight;
      frames++;
    }
    return { ms: performance.now() - started, frames };
  },

  naive(count) {
    const host = freshHost();
    const element = document.createElement('div');
    element.className = 'markdown';
    host.append(element);
    let full = '';
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      full += deltas[i];
      element.replaceChildren(sanitizeToFragment(md.render(full)));
      void host.offsetHeight;
    }
    return { ms: performance.now() - started, chars: full.length };
  },
};
