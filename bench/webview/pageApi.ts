/**
 * What the bench pages expose on `window` for the Node drivers (browserBench.ts) to call through page.evaluate.
 * Plain data types, no DOM: the Node side type-checks against these without the browser's lib.
 */

export interface RenderBenchApi {
  /** Size of the shared answer, as the page generated it. */
  info(): { chars: number; bytes: number; deltas: number };
  /** Renders the whole answer once. */
  single(): { ms: number; html: string };
  /** Streams the deltas into a StreamingMarkdown, rendering once every `perFrame` deltas. */
  ours(perFrame: number): OursResult;
  /** Streams `chunks` (the answer as the host's batcher posts it) into a StreamingMarkdown, rendering once per chunk. */
  oursChunks(chunks: string[]): OursResult;
  /**
   * What the browser alone costs per frame, with no Markdown at all: on the answer's final DOM, appends each frame's
   * text to one paragraph's Text node and forces layout. Any renderer that shows each frame pays at least this.
   */
  floor(perFrame: number): { ms: number; frames: number };
  /** Re-renders the whole message after each of the first `count` deltas. */
  naive(count: number): { ms: number; chars: number };
}

export interface OursResult {
  ms: number;
  frames: number;
  /** Mean text length of the tail per frame (what is kept in step, by edits, every frame). */
  tailChars: number;
  html: string;
}

export interface LoadResult {
  messages: number;
  markdownChars: number;
  /** Dispatch of `state/full` (or the eager render) until it returns. */
  dispatchMs: number;
  /** … plus a forced layout of the transcript (its scrollHeight). */
  layoutMs: number;
  /** … plus one requestAnimationFrame: rendered and scrollable (wall time; includes waiting for the frame). */
  frameMs: number;
  /** Until the messages near the bottom have rendered Markdown, laid out (wall time). */
  contentMs: number;
  markdownBlocks: number;
  renderedBlocks: number;
  elements: number;
  scrollHeight: number;
}

export interface RevealResult {
  /** From setting scrollTop = 0 until the first answer has rendered Markdown, laid out (wall time). */
  ms: number;
  renderedBlocks: number;
  elements: number;
}

export interface LongConversationApi {
  /** Builds the conversation (not timed), sends it to the real webview as `state/full`, and times it. */
  loadReal(): Promise<LoadResult>;
  /** Renders every message of the same conversation eagerly with StreamingMarkdown, and times it. */
  loadNaive(): Promise<LoadResult>;
  /** Scrolls the transcript to the top and times until the first answer there is drawn. */
  scrollToTop(): Promise<RevealResult>;
}

/** `window` as the pages leave it (typed here so the Node side needs no DOM lib). */
export interface BenchWindow {
  renderBench: RenderBenchApi;
  longConversationBench: LongConversationApi;
}
