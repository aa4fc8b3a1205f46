/**
 * Bytes the host posts to the webview for one streamed answer (the shared ~200 KB, 4,000-delta one), through the
 * real EventBatcher driven by a simulated clock (no waiting), against posting every delta as a full event and
 * against posting the whole message per delta. Bytes are UTF-8 bytes of JSON.stringify(message), what crossing to
 * the webview serializes. Prints a table; asserts nothing.
 */
import type { ChatMessage } from '../../src/shared/conversation';
import type { ConversationEvent } from '../../src/shared/conversationReducer';
import type { HostToWebview } from '../../src/shared/protocol';
import { BATCH_INTERVAL_MS, EventBatcher, type Timer } from '../../src/webview/eventBatcher';
import type { BenchRow } from '../store.bench';
import { streamedAnswer } from './corpus';

/** Ids shaped like newId's (prefix, 8 base-36 time digits, 16 hex), fixed so the byte counts are too. */
const CONVERSATION_ID = 'conv_m1x2k9f0a3b4c5d6e7f8a9b0c';
const MESSAGE_ID = 'msg_m1x2k9g1d4e5f6a7b8c9d0e1f2a';
const RATES = [30, 80, 200];

/** Timers that fire only when the simulated clock is advanced past them. */
class FakeClock {
  now = 0;
  private seq = 0;
  private queue: { at: number; seq: number; callback: () => void; cancelled: boolean }[] = [];

  readonly timer: Timer = (callback, ms) => {
    const entry = { at: this.now + ms, seq: this.seq++, callback, cancelled: false };
    this.queue.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  };

  advanceTo(time: number): void {
    for (;;) {
      this.queue = this.queue.filter((entry) => !entry.cancelled);
      const due = this.queue.filter((entry) => entry.at <= time).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.queue.splice(this.queue.indexOf(due), 1);
      this.now = due.at;
      due.callback();
    }
    this.now = Math.max(this.now, time);
  }
}

const bytesOf = (message: unknown) => Buffer.byteLength(JSON.stringify(message), 'utf8');

function answerEvents(deltas: readonly string[]): { start: ConversationEvent[]; deltas: ConversationEvent[]; end: ConversationEvent } {
  const message: ChatMessage = { id: MESSAGE_ID, parentId: 'msg_m1x2k9f9a0b1c2d3e4f5a6b7c8d', role: 'assistant', blocks: [], status: 'streaming', createdAt: 1_700_000_000_000 };
  return {
    start: [
      { type: 'message/append', message },
      { type: 'block/start', messageId: MESSAGE_ID, index: 0, block: { type: 'text', text: '' } },
    ],
    deltas: deltas.map((text) => ({ type: 'block/delta', messageId: MESSAGE_ID, index: 0, delta: { type: 'text', text } })),
    end: { type: 'message/end', messageId: MESSAGE_ID, status: 'complete', stopReason: 'end_turn', usage: { inputTokens: 1234, outputTokens: 51234, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 }, model: 'claude-sonnet-5-5' },
  };
}

/** The answer's text in each post, as a webview would take it (transcript.ts); empty for posts with none. */
function textPerPost(posted: readonly HostToWebview[]): string[] {
  const chunks: string[] = [];
  let streaming = false;
  for (const message of posted) {
    let text = '';
    if (message.type === 'stream/text' && streaming) text += message.text;
    if (message.type === 'conversation/events') {
      for (const event of message.events) {
        if (event.type === 'block/start') streaming = true;
        else if (event.type === 'block/delta' && event.delta.type === 'text') text += event.delta.text;
        else if (event.type !== 'block/delta') streaming = false;
      }
    }
    chunks.push(text);
  }
  return chunks;
}

interface Posted {
  posts: number;
  bytes: number;
  intact: boolean;
  /** The text each post carried, in order (posts without text left out). */
  chunks: string[];
}

/** Deltas arriving `perSecond`, through the real batcher; without a rate, a flush after every delta (one post each). */
function throughBatcher(text: string, deltas: readonly string[], perSecond?: number): Posted {
  const clock = new FakeClock();
  const posted: HostToWebview[] = [];
  const batcher = new EventBatcher((message) => posted.push(message), clock.timer, BATCH_INTERVAL_MS, () => clock.now);
  const events = answerEvents(deltas);
  const gap = perSecond ? 1000 / perSecond : 1;
  batcher.push(CONVERSATION_ID, events.start);
  if (!perSecond) batcher.flush();
  events.deltas.forEach((event, i) => {
    clock.advanceTo((i + 1) * gap);
    batcher.push(CONVERSATION_ID, [event]);
    if (!perSecond) batcher.flush();
  });
  clock.advanceTo((deltas.length + 1) * gap);
  batcher.push(CONVERSATION_ID, [events.end]);
  clock.advanceTo((deltas.length + 1) * gap + 10 * BATCH_INTERVAL_MS);
  batcher.flush();
  const chunks = textPerPost(posted).filter((chunk) => chunk.length > 0);
  return { posts: posted.length, bytes: posted.reduce((sum, message) => sum + bytesOf(message), 0), intact: chunks.join('') === text, chunks };
}

/** The answer's text as the webview receives it from the real EventBatcher when deltas arrive `perSecond`: one chunk a post. */
export function batchedChunks(text: string, deltas: readonly string[], perSecond: number): string[] {
  return throughBatcher(text, deltas, perSecond).chunks;
}

/** Before `stream/text`: every delta as its own `conversation/events` post, ids and all. */
function perDeltaEvents(deltas: readonly string[]): Posted {
  const events = answerEvents(deltas);
  const posts: HostToWebview[] = [events.start, ...events.deltas.map((event) => [event]), [events.end]].map((batch) => ({ type: 'conversation/events', conversationId: CONVERSATION_ID, events: batch }));
  return { posts: posts.length, bytes: posts.reduce((sum, message) => sum + bytesOf(message), 0), intact: true, chunks: [] };
}

/** A host that re-sends the whole message (all the text so far) on every delta. */
function wholeMessagePerDelta(deltas: readonly string[]): Posted {
  const message: ChatMessage = { id: MESSAGE_ID, parentId: 'msg_m1x2k9f9a0b1c2d3e4f5a6b7c8d', role: 'assistant', blocks: [{ type: 'text', text: '' }], status: 'streaming', createdAt: 1_700_000_000_000 };
  let soFar = '';
  let bytes = 0;
  for (const delta of deltas) {
    soFar += delta;
    bytes += bytesOf({ type: 'message/replace', conversationId: CONVERSATION_ID, message: { ...message, blocks: [{ type: 'text', text: soFar }] } });
  }
  return { posts: deltas.length, bytes, intact: true, chunks: [] };
}

export async function runBytesBench(): Promise<BenchRow[]> {
  const { text, deltas } = streamedAnswer();
  const answerBytes = Buffer.byteLength(text, 'utf8');
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
  const ratio = (bytes: number) => `${(bytes / answerBytes).toFixed(bytes / answerBytes < 10 ? 2 : 0)}x`;
  const row = (label: string, result: Posted, note = ''): BenchRow => ({
    label,
    value: ratio(result.bytes),
    note: `${result.posts.toLocaleString('en-US')} posts, ${kb(result.bytes)}${result.intact ? '' : ', TEXT DIFFERS'}${note}`,
  });
  const rows: BenchRow[] = [
    { label: `answer: ${text.length.toLocaleString('en-US')} chars in ${deltas.length} deltas`, value: kb(answerBytes), note: 'UTF-8 bytes; ratios below are bytes posted / these' },
    { label: 'floor: the answer as one JSON string', value: ratio(bytesOf(text)), note: 'escaping of quotes, newlines, tabs' },
  ];
  for (const rate of RATES) {
    rows.push(row(`EventBatcher (${BATCH_INTERVAL_MS} ms), ${rate} deltas/s`, throughBatcher(text, deltas, rate), `; goal ≤ 1.5x; ${(deltas.length / rate).toFixed(0)} s of stream`));
  }
  rows.push(row('EventBatcher, one post per delta (worst case)', throughBatcher(text, deltas)));
  rows.push(row('full events: one conversation/events post per delta', perDeltaEvents(deltas), '; the protocol before stream/text'));
  rows.push(row('NAIVE: whole message posted on every delta', wholeMessagePerDelta(deltas)));
  return rows;
}
