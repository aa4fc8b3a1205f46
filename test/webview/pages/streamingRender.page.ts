/**
 * Browser side of streamingRender.test.ts (bundled by it with esbuild, run in Chromium): streams Markdown into the
 * real StreamingMarkdown and, after every frame, compares its DOM with a from-scratch render of the same text.
 */
import { decorateCodeBlocks } from '../../../src/webview-ui/markdown/codeTools';
import { createMarkdown } from '../../../src/webview-ui/markdown/markdownIt';
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

function freshHtml(text: string, final: boolean): string {
  const view = new StreamingMarkdown(md, decorateCodeBlocks, text);
  view.render(final);
  return contentHtml(view);
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
      const fresh = freshHtml(whole ? text : view.tailSource, false);
      if (streamed !== fresh) {
        result.mismatchCount++;
        if (result.mismatches.length < 3) result.mismatches.push({ frame: result.frames, text: text.slice(-300), streamed: streamed.slice(-600), fresh: fresh.slice(-600) });
      }
    }
    view.render(true);
    result.finalSame = contentHtml(view) === freshHtml(text, true);
    return result;
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
