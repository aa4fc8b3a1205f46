/**
 * Browser side of streamingRender.test.ts (bundled by it with esbuild, run in Chromium): streams Markdown into the
 * real StreamingMarkdown and, after every frame, compares its DOM with a from-scratch render of the same text.
 */
import type { Env } from 'markdown-it';
import { decorateCodeBlocks } from '../../../src/webview-ui/markdown/codeTools';
import { createMarkdown } from '../../../src/webview-ui/markdown/markdownIt';
import { splitHtml } from '../../../src/webview-ui/markdown/htmlParts';
import { buildPlainMarkup, sanitizeToFragment } from '../../../src/webview-ui/markdown/sanitize';
import { StreamingMarkdown } from '../../../src/webview-ui/markdown/streamingMarkdown';

export interface StreamCheck {
  frames: number;
  /** Frames after which the streamed DOM differed from a fresh render of the same text (the first few). */
  mismatches: { frame: number; text: string; streamed: string; fresh: string }[];
  mismatchCount: number;
  /** Frames in which every child of the tail was replaced (a rebuild, not an edit). */
  rebuilds: number;
  finalSame: boolean;
}

export interface StreamingRenderApi {
  /**
   * Streams `deltas`, one render each. After every frame the tail must equal a fresh render of the tail's text and,
   * with `whole`, everything must equal a fresh render of all the text so far (not so for an answer with reference
   * definitions, which blocks frozen before them cannot see; its final render must equal a fresh one all the same).
   */
  check(deltas: string[], whole: boolean): StreamCheck;
  /**
   * For each HTML string: what buildPlainMarkup makes of it ('refused' when it will not build it), and what DOMPurify
   * makes of it, both serialized.
   */
  plainBuilds(htmls: string[]): { html: string; built: string; sanitized: string }[];
  /** Streams `deltas`, a render each, and lists the links shown before the final render. */
  linksWhileStreaming(deltas: string[]): string[];
  /** The Text node showing the first paragraph is the same object before and after more words stream in. */
  keepsTextNode(first: string, more: string): { same: boolean; text: string };
}

declare global {
  interface Window {
    streamingRender: StreamingRenderApi;
  }
}

const md = createMarkdown();

/** The Markdown's HTML without our wrappers (frozen chunks and the tail), in order. */
function contentHtml(view: StreamingMarkdown): string {
  return Array.from(view.element.querySelectorAll('.md-chunk, .md-tail'), (wrapper) => wrapper.innerHTML).join('');
}

/**
 * What a from-scratch render shows for `text`, made without StreamingMarkdown (so it checks that, and the DOM it
 * builds without the sanitizer, too): markdown-it's HTML through DOMPurify, decorated. While streaming, the last
 * block's code is not highlighted yet. `references`: definitions made before `text` (of a tail, in the blocks before it).
 */
function freshHtml(text: string, final: boolean, references: Env['references'] = {}): string {
  const env: Env = { references: { ...references } };
  const tokens = md.parse(text, env);
  let last = 0;
  for (let i = tokens.length - 1; i > 0 && last === 0; i--) if (tokens[i].level === 0 && tokens[i].nesting !== -1 && tokens[i].map) last = i;
  const html = md.renderer.render(tokens.slice(0, last), md.options, env) + md.renderer.render(tokens.slice(last), md.options, { ...env, streamingTail: !final });
  const fragment = sanitizeToFragment(html);
  decorateCodeBlocks(fragment);
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

window.streamingRender = {
  check(deltas, whole) {
    const root = document.getElementById('root')!;
    const view = new StreamingMarkdown(md, decorateCodeBlocks);
    root.replaceChildren(view.element);
    const result: StreamCheck = { frames: 0, mismatches: [], mismatchCount: 0, rebuilds: 0, finalSame: false };
    let text = '';
    for (const delta of deltas) {
      text += delta;
      view.append(delta);
      const tail = view.element.querySelector('.md-tail')!;
      const before = Array.from(tail.childNodes);
      view.render();
      result.frames++;
      if (before.length > 0 && before.every((node) => node.parentNode !== tail) && view.element.querySelector('.md-tail') === tail) result.rebuilds++;
      const streamed = whole ? contentHtml(view) : view.element.querySelector('.md-tail')!.innerHTML;
      const fresh = whole ? freshHtml(text, false) : freshHtml(view.tailSource.text, false, view.tailSource.references);
      if (streamed !== fresh) {
        result.mismatchCount++;
        if (result.mismatches.length < 3) result.mismatches.push({ frame: result.frames, text: text.slice(-300), streamed: streamed.slice(-600), fresh: fresh.slice(-600) });
      }
    }
    view.render(true);
    result.finalSame = contentHtml(view) === freshHtml(text, true);
    return result;
  },

  plainBuilds(htmls) {
    const serialize = (fragment: DocumentFragment) => {
      const container = document.createElement('div');
      container.append(fragment);
      return container.innerHTML;
    };
    return htmls.map((html) => {
      const parts = splitHtml(html);
      const built = buildPlainMarkup(parts, 0, parts.length);
      return { html, built: built ? serialize(built.fragment) : 'refused', sanitized: serialize(sanitizeToFragment(html)) };
    });
  },

  linksWhileStreaming(deltas) {
    const root = document.getElementById('root')!;
    const view = new StreamingMarkdown(md, decorateCodeBlocks);
    root.replaceChildren(view.element);
    for (const delta of deltas) {
      view.append(delta);
      view.render();
    }
    return Array.from(view.element.querySelectorAll('a'), (link) => `${link.textContent} -> ${link.getAttribute('href')}`);
  },

  keepsTextNode(first, more) {
    const root = document.getElementById('root')!;
    const view = new StreamingMarkdown(md, decorateCodeBlocks);
    root.replaceChildren(view.element);
    view.append(first);
    view.render();
    const node = view.element.querySelector('.md-tail p')?.firstChild;
    view.append(more);
    view.render();
    const after = view.element.querySelector('.md-tail p')?.firstChild;
    return { same: node !== undefined && node === after, text: after?.textContent ?? '' };
  },
};
