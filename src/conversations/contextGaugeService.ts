import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { attachmentParam, buildMessageParams } from '../api/requestBuilder';
import { countParamsOf, type CountTokensParams } from '../api/tokenCounter';
import type { Attachment } from '../shared/attachment';
import type { ChatError } from '../shared/chatError';
import { estimateTokens } from '../shared/contextBudget';
import { fitProblem, gaugeShare, type FitContext, type GaugeReading } from '../shared/contextGauge';
import type { ChatBlock, ChatMessage, Conversation } from '../shared/conversation';
import { visiblePath } from '../shared/conversationTree';
import type { ToolUse } from '../shared/sentRequest';
import { hasToolBlocks } from '../shared/toolTurns';
import { Disposable } from '../util/disposable';
import { realTimers, type TimerHandle, type Timers } from '../util/timers';

/** Quiet time after the last change before count_tokens is asked: typing does not send a request per word. */
export const COUNT_DEBOUNCE_MS = 600;
/** After a failed count (no network, 401, 429) the gauge shows estimates for this long before asking again. */
export const COUNT_PAUSE_AFTER_FAILURE_MS = 10_000;
/** A send waits at most this long for a count; past it the request goes and the API's own 400 is the backstop. */
export const SEND_CHECK_TIMEOUT_MS = 5_000;
/** Counts remembered by request hash: re-opening a conversation or undoing an edit costs nothing. */
const MAX_CACHED_COUNTS = 64;
/** Below this share of the window a conservative estimate is trusted at send time, without waiting for a count. */
const CHECK_FROM_SHARE = 0.9;
/** How far a past count may correct the characters ÷ 3 estimate (CJK text runs far above it, English below). */
const MIN_RATIO = 0.25;
const MAX_RATIO = 4;

/** The least a request must carry to be counted: what count_tokens needs to see. */
export interface CountableParams {
  model: string;
  messages: readonly unknown[];
}

/** The next request, as count_tokens takes it, with what the gauge shows beside it. */
export interface CountRequest<P extends CountableParams = CountTokensParams> {
  params: P;
  contextWindow: number;
  /** max_tokens of the request: the answer's room out of the same window. */
  reservedOutputTokens: number;
  /** What the request is estimated to cost before it is counted. */
  estimate: number;
}

export interface ContextGaugeDeps<P extends CountableParams> {
  /** The request that sending now would make; undefined when there is nothing to show (no conversation). */
  countParams: () => Promise<CountRequest<P> | undefined>;
  /** count_tokens (src/api/tokenCounter.ts countRequestTokens); rejects when it cannot count (no key, offline…). */
  count: (params: P, signal: AbortSignal) => Promise<number>;
  /** What the refusal says to do: attachments in the turn, a model with a larger window. */
  fitContext?: () => FitContext;
  timers?: Timers;
  log?: (message: string) => void;
}

/**
 * The context gauge's numbers for the chat view: on every change (draft, attachments, conversation, model) an
 * estimate at once, then, once the changes stop for COUNT_DEBOUNCE_MS, the API's count. A newer change aborts a count
 * still running for an older one. A count that fails leaves the estimate showing: the gauge never blocks a send.
 */
export class ContextGaugeService<P extends CountableParams = CountTokensParams> extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<GaugeReading | undefined>());
  /** A new reading (estimated or counted), or undefined when there is nothing to measure. */
  readonly onDidChange = this.changed.event;
  private readonly timers: Timers;
  private reading: GaugeReading | undefined;
  /** Bumped by every change: work started for an older one publishes nothing. */
  private generation = 0;
  private timer: TimerHandle | undefined;
  private inFlight: AbortController | undefined;
  private readonly counts = new Map<string, number>();
  /** counted ÷ estimated of the last count per model, which corrects the next estimates until they are counted. */
  private readonly ratios = new Map<string, number>();
  private pausedUntil = -Infinity;

  constructor(private readonly deps: ContextGaugeDeps<P>) {
    super();
    this.timers = deps.timers ?? realTimers;
  }

  latest(): GaugeReading | undefined {
    return this.reading;
  }

  /** Something the next request is made of changed: measure it again. */
  update(): void {
    if (this.isDisposed) return;
    const generation = ++this.generation;
    this.cancelPending();
    void this.refresh(generation);
  }

  /**
   * Why a send must be refused, from a reading: only a counted reading refuses (an estimate can be wrong both ways,
   * and a request the API would take must never be held back by one).
   */
  refusal(reading: GaugeReading | undefined = this.reading): ChatError | undefined {
    if (!reading || reading.source !== 'counted') return undefined;
    return fitProblem(reading, this.deps.fitContext?.() ?? { hasAttachments: false });
  }

  /**
   * The check a send makes before anything is appended or uploaded: a counted reading of exactly this request when
   * one is known or the estimate is close to the limit (waiting up to SEND_CHECK_TIMEOUT_MS for the count), then
   * `refusal`. Far below the limit, or when counting fails, nothing is refused. `build` measures another turn than
   * the draft's (a code command's prompt, or the text a send carries before its draft/changed arrived).
   */
  async checkBeforeSend(build: () => Promise<CountRequest<P> | undefined> = this.deps.countParams): Promise<ChatError | undefined> {
    const request = await this.buildRequest(build);
    if (!request) return undefined;
    const key = hashParams(request.params);
    const cached = this.cachedCount(key);
    if (cached !== undefined) return this.refusal(readingOf(request, cached, 'counted'));
    if (gaugeShare(readingOf(request, this.correctedEstimate(request), 'estimated')) < CHECK_FROM_SHARE) return undefined;
    if (request.params.messages.length === 0) return undefined;
    const controller = new AbortController();
    const timeout = this.timers.setTimeout(() => controller.abort(), SEND_CHECK_TIMEOUT_MS);
    try {
      const tokens = await this.deps.count(request.params, controller.signal);
      this.remember(key, request, tokens);
      return this.refusal(readingOf(request, tokens, 'counted'));
    } catch (error) {
      this.deps.log?.(`count_tokens before sending failed; sending without it: ${describe(error)}`);
      return undefined;
    } finally {
      this.timers.clearTimeout(timeout);
    }
  }

  override dispose(): void {
    this.cancelPending();
    super.dispose();
  }

  private async refresh(generation: number): Promise<void> {
    const request = await this.buildRequest();
    if (generation !== this.generation || this.isDisposed) return;
    if (!request) return this.publish(undefined);
    const key = hashParams(request.params);
    const cached = this.cachedCount(key);
    if (cached !== undefined) return this.publish(readingOf(request, cached, 'counted'));
    this.publish(readingOf(request, this.correctedEstimate(request), 'estimated'));
    // count_tokens refuses a request without messages: the estimate (the system prompt alone) is all there is.
    if (request.params.messages.length === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.countInBackground(generation, request, key);
    }, COUNT_DEBOUNCE_MS);
  }

  private async countInBackground(generation: number, request: CountRequest<P>, key: string): Promise<void> {
    if (this.timers.now() < this.pausedUntil) return;
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const tokens = await this.deps.count(request.params, controller.signal);
      this.remember(key, request, tokens);
      if (generation === this.generation && !this.isDisposed) this.publish(readingOf(request, tokens, 'counted'));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.pausedUntil = this.timers.now() + COUNT_PAUSE_AFTER_FAILURE_MS;
      this.deps.log?.(`count_tokens for the context gauge failed; showing the estimate: ${describe(error)}`);
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  private async buildRequest(build: () => Promise<CountRequest<P> | undefined> = this.deps.countParams): Promise<CountRequest<P> | undefined> {
    try {
      return await build();
    } catch (error) {
      this.deps.log?.(`The context gauge could not build the next request: ${describe(error)}`);
      return undefined;
    }
  }

  private cancelPending(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private cachedCount(key: string): number | undefined {
    const count = this.counts.get(key);
    if (count === undefined) return undefined;
    // Most recently used last: the oldest entry is the one dropped.
    this.counts.delete(key);
    this.counts.set(key, count);
    return count;
  }

  private remember(key: string, request: CountRequest<P>, tokens: number): void {
    this.counts.delete(key);
    this.counts.set(key, tokens);
    if (this.counts.size > MAX_CACHED_COUNTS) this.counts.delete(this.counts.keys().next().value as string);
    if (request.estimate > 0 && tokens > 0) this.ratios.set(request.params.model, Math.min(MAX_RATIO, Math.max(MIN_RATIO, tokens / request.estimate)));
  }

  /** The estimate scaled by how the last count of this model compared with its estimate: no jump when the count lands. */
  private correctedEstimate(request: CountRequest<P>): number {
    return Math.round(request.estimate * (this.ratios.get(request.params.model) ?? 1));
  }

  private publish(reading: GaugeReading | undefined): void {
    this.reading = reading;
    this.changed.fire(reading);
  }
}

function readingOf(request: CountRequest<CountableParams>, usedTokens: number, source: GaugeReading['source']): GaugeReading {
  return { usedTokens, contextWindow: request.contextWindow, reservedOutputTokens: request.reservedOutputTokens, source };
}

function hashParams(params: CountableParams): string {
  return createHash('sha256').update(JSON.stringify(params)).digest('hex');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the next request is made of: the conversation as shown, and the turn being written. */
export interface NextTurn {
  conversation: Readonly<Conversation>;
  draft: string;
  /** The composer's ready attachments, sent before the draft's words. */
  attachments: readonly Attachment[];
  /** claudeChat.maxTokens: the answer's room. */
  maxTokens: number;
  /** The conversation model's window (from /v1/models' max_input_tokens, or contextWindowFor). */
  contextWindow: number;
  readAttachment: (attachment: Attachment) => Promise<Uint8Array>;
  /**
   * Whether the real request would offer the workspace tools (`auto`), define them with calls forbidden (`none`) or
   * leave them out. Absent: left out, unless the conversation holds tool blocks, which the API (count_tokens too)
   * refuses without the tools defined: then `none`.
   */
  toolUse?: ToolUse;
}

/**
 * Stands in for a turn not typed yet: the API drops a conversation's trailing answer unless a question follows it,
 * and refuses an empty one. One token, so the gauge shows the conversation as it will be sent.
 */
const PLACEHOLDER_TURN = '.';
/** An inline image of an old conversation: at most what the API charges for one it has downscaled. */
const INLINE_IMAGE_ESTIMATE = 1600;

/**
 * The count_tokens request that sending `turn` would make (the same builder as the real request, without cache
 * breakpoints, which do not change the count), with its estimate. Attachment blocks are kept in `blocks` by hash, so a
 * keystroke does not read and encode every file of the conversation again.
 */
export async function buildCountRequest(turn: NextTurn, blocks: AttachmentBlockCache): Promise<CountRequest> {
  const { conversation } = turn;
  const path = visiblePath(conversation);
  const next: ChatBlock[] = turn.attachments.map((attachment) => ({ type: 'attachment', attachment }));
  if (turn.draft.trim().length > 0) next.push({ type: 'text', text: turn.draft });
  else if (next.length === 0) next.push({ type: 'text', text: PLACEHOLDER_TURN });
  const history: ChatMessage[] = [...path, { id: 'context-gauge-next-turn', parentId: path.at(-1)?.id ?? null, role: 'user', blocks: next, status: 'complete', createdAt: 0 }];
  const attachmentBlocks = await blocks.load(history, turn.readAttachment);
  const tools = turn.toolUse ?? (hasToolBlocks(history) ? 'none' : undefined);
  const params = buildMessageParams(history, { model: conversation.model, maxTokens: turn.maxTokens, systemPrompt: conversation.systemPrompt, ...(tools ? { tools } : {}) }, { attachmentBlocks });
  // The tool definitions are part of the prompt: counted by their JSON, like the rest of the estimate.
  const toolsEstimate = params.tools ? estimateTokens(JSON.stringify(params.tools)) : 0;
  const estimate = estimateTokens(conversation.systemPrompt) + toolsEstimate + history.reduce((sum, message) => sum + message.blocks.reduce((total, block) => total + blockEstimate(block), 0), 0);
  return { params: countParamsOf(params), contextWindow: turn.contextWindow, reservedOutputTokens: turn.maxTokens, estimate };
}

function blockEstimate(block: ChatBlock): number {
  switch (block.type) {
    case 'text':
      return estimateTokens(block.text);
    case 'attachment':
      return block.attachment.tokens ?? 0;
    case 'image':
      return INLINE_IMAGE_ESTIMATE;
    // Sent back on every later turn: the call's name and input, and what the tool returned.
    case 'tool_use':
      return estimateTokens(block.name) + estimateTokens(block.inputJson);
    case 'tool_result':
      return estimateTokens(block.content);
    // Earlier turns' thinking is stripped by the API before it counts; unknown blocks are not sent.
    case 'thinking':
    case 'redacted_thinking':
    case 'unknown':
      return 0;
  }
}

type AttachmentBlock = ReturnType<typeof attachmentParam>;

/** Encoded attachment blocks by sha256, up to a total size: the files of the conversation on screen. */
export class AttachmentBlockCache {
  private readonly blocks = new Map<string, { block: AttachmentBlock; size: number }>();
  private total = 0;

  constructor(private readonly maxChars = 64 * 1024 * 1024) {}

  async load(history: readonly ChatMessage[], read: (attachment: Attachment) => Promise<Uint8Array>): Promise<Map<string, AttachmentBlock>> {
    const loaded = new Map<string, AttachmentBlock>();
    for (const message of history) {
      for (const block of message.blocks) {
        if (block.type !== 'attachment' || loaded.has(block.attachment.sha256)) continue;
        loaded.set(block.attachment.sha256, await this.get(block.attachment, read));
      }
    }
    return loaded;
  }

  private async get(attachment: Attachment, read: (attachment: Attachment) => Promise<Uint8Array>): Promise<AttachmentBlock> {
    const known = this.blocks.get(attachment.sha256);
    if (known) {
      this.blocks.delete(attachment.sha256);
      this.blocks.set(attachment.sha256, known);
      return known.block;
    }
    const bytes = await read(attachment);
    const block = attachmentParam(attachment, bytes);
    const size = Math.ceil((bytes.byteLength * 4) / 3);
    this.blocks.set(attachment.sha256, { block, size });
    this.total += size;
    for (const [sha256, entry] of this.blocks) {
      if (this.total <= this.maxChars || sha256 === attachment.sha256) break;
      this.blocks.delete(sha256);
      this.total -= entry.size;
    }
    return block;
  }
}
