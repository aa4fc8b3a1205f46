import { coalesceEvents, type ConversationEvent } from '../shared/conversationReducer';
import type { HostToWebview } from '../shared/protocol';

/** How long changes gather before one post: about two frames, so the view paints each batch once. */
export const BATCH_INTERVAL_MS = 32;
/**
 * Streaming text alone is held until this much has gathered (or MAX_TEXT_HOLD_MS has passed), so a post's few bytes
 * of envelope never outweigh the text it carries, and the view re-renders for each line, not for each token.
 */
export const MIN_TEXT_CHARS = 96;
export const MAX_TEXT_HOLD_MS = 100;

export type Timer = (callback: () => void, ms: number) => { cancel(): void };

export const realTimer: Timer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return { cancel: () => clearTimeout(handle) };
};

/**
 * Gathers conversation events for one view and posts them at most once per interval, merged: consecutive deltas to
 * a block become one, and text for the block that started last goes as a bare `stream/text`, whose envelope is a
 * few bytes instead of a few hundred. Pure (no vscode), so the bytes it posts can be measured in a benchmark.
 */
export class EventBatcher {
  private pending: ConversationEvent[] = [];
  private pendingText = 0;
  /** Whether everything pending is text for the streaming block (which may wait for more). */
  private pendingOnlyText = true;
  private firstPendingAt = 0;
  private conversationId = '';
  private timer: { cancel(): void } | undefined;
  /** The block the view last saw start: where a bare `stream/text` lands. */
  private streaming: { conversationId: string; messageId: string; index: number } | undefined;

  constructor(
    private readonly post: (message: HostToWebview) => void,
    private readonly timer_: Timer = realTimer,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  push(conversationId: string, events: readonly ConversationEvent[]): void {
    if (this.conversationId !== conversationId) this.flush();
    this.conversationId = conversationId;
    if (this.pending.length === 0) this.firstPendingAt = this.now();
    for (const event of events) {
      this.pending.push(event);
      if (this.isStreamingText(event)) this.pendingText += event.delta.text.length;
      else this.pendingOnlyText = false;
    }
    this.timer ??= this.timer_(() => this.onTimer(), this.intervalMs);
  }

  private onTimer(): void {
    this.timer = undefined;
    const waited = this.now() - this.firstPendingAt;
    if (this.pendingOnlyText && this.pendingText < MIN_TEXT_CHARS && waited < MAX_TEXT_HOLD_MS) {
      // At least a millisecond: a clock with fractional times could otherwise re-arm without ever moving on.
      this.timer = this.timer_(() => this.onTimer(), Math.max(1, Math.min(this.intervalMs, MAX_TEXT_HOLD_MS - waited)));
      return;
    }
    this.flush();
  }

  /** Posts what is pending now (before any other message, so nothing overtakes it). */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const events = coalesceEvents(this.pending);
    this.pending = [];
    this.pendingText = 0;
    this.pendingOnlyText = true;
    let run: ConversationEvent[] = [];
    const postRun = () => {
      if (run.length > 0) this.post({ type: 'conversation/events', conversationId: this.conversationId, events: run });
      run = [];
    };
    for (const event of events) {
      if (this.isStreamingText(event)) {
        postRun();
        this.post({ type: 'stream/text', text: event.delta.text });
        continue;
      }
      run.push(event);
      if (event.type === 'block/start') this.streaming = { conversationId: this.conversationId, messageId: event.messageId, index: event.index };
      else if (event.type !== 'block/delta') this.streaming = undefined;
    }
    postRun();
  }

  /** The view rebuilt from full state: it knows of no streaming block until the next one starts. */
  reset(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.pending = [];
    this.pendingText = 0;
    this.pendingOnlyText = true;
    this.streaming = undefined;
  }

  private isStreamingText(event: ConversationEvent): event is Extract<ConversationEvent, { type: 'block/delta' }> & { delta: { type: 'text'; text: string } } {
    const target = this.streaming;
    return (
      event.type === 'block/delta' &&
      event.delta.type === 'text' &&
      target !== undefined &&
      target.conversationId === this.conversationId &&
      target.messageId === event.messageId &&
      target.index === event.index
    );
  }
}
