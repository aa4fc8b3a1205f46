import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { userEndpointsOnly, type EndpointGate } from '../config/endpointPolicy';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatError } from '../shared/chatError';
import type { Attachment } from '../shared/attachment';
import { emptyConversation, invocationHeadline, type ChatBlock, type ChatMessage, type Conversation, type Invocation, type MetaPatch } from '../shared/conversation';
import { applyConversationEvent, type ConversationEvent } from '../shared/conversationReducer';
import { ancestry, descendantIds, findMessage, pairRemoval, visiblePath } from '../shared/conversationTree';
import { appendToDraft } from '../shared/draftText';
import { awaitsToolResults } from '../shared/toolTurns';
import { newId } from '../shared/ids';
import { Disposable } from '../util/disposable';
import { streamAnswer, type AnswerStreamDeps } from './answerStream';
import { runToolLoop, type LoopProgress } from './toolLoop';
import type { ChatSessionServices, ConversationChange, RetryingChange, SendResult } from './chatSessionTypes';
import { DraftAttachments } from './draftAttachments';
import { requestSizeRefusal } from './requestSize';
import { fallbackTitle } from './titles';

export type { ChatSessionServices, ConversationChange, RetryingChange, SendResult } from './chatSessionTypes';

interface ActiveRequest extends LoopProgress {
  controller: AbortController;
  reply: Promise<ChatMessage>;
}

/**
 * The conversation on screen and the one request that may be streaming into it. Owns the state: views render it
 * and ask for changes; they never hold a copy the host depends on. Every change is a ConversationEvent, applied
 * here and forwarded to the views and to persistence.
 */
export class ChatSession extends Disposable {
  private conversation: Conversation;
  private active: ActiveRequest | undefined;
  private draftText = '';
  /** Files attached to the turn being written (the composer's chips). */
  readonly attachments = this._register(new DraftAttachments());

  private readonly changed = this._register(new vscode.EventEmitter<ConversationChange>());
  /** Every change to any conversation this session touched, in order (views filter for the current one). */
  readonly onDidChangeConversation = this.changed.event;
  private readonly replaced = this._register(new vscode.EventEmitter<Conversation>());
  /** A different conversation is now current (New Chat, opened from history, reloaded): views rebuild. */
  readonly onDidReplaceConversation = this.replaced.event;
  private readonly busyChanged = this._register(new vscode.EventEmitter<boolean>());
  readonly onDidChangeBusy = this.busyChanged.event;
  private readonly retrying = this._register(new vscode.EventEmitter<RetryingChange>());
  /** The current answer's request failed and the SDK will try again (after `retryAt`, when known). */
  readonly onDidScheduleRetry = this.retrying.event;
  private readonly answered = this._register(new vscode.EventEmitter<{ conversation: Conversation; message: ChatMessage }>());
  /** An answer ended (complete, stopped or failed). */
  readonly onDidFinishAnswer = this.answered.event;
  private readonly draftAppended = this._register(new vscode.EventEmitter<string>());
  /** Text the host added to the draft (not the view typing it): open views append it to their composer. */
  readonly onDidAppendToDraft = this.draftAppended.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: () => ChatSettings,
    private readonly log: vscode.LogOutputChannel,
    /** Decides where the key may go; without one, only the user's own settings choose the endpoint. */
    private readonly endpoints: EndpointGate = userEndpointsOnly,
    /** The stored bytes of an attachment (the attachment store): read when a turn carrying it is sent. */
    private readonly readAttachment?: (attachment: Attachment) => Promise<Uint8Array>,
    private readonly services: ChatSessionServices = {},
  ) {
    super();
    this.streamDeps = {
      settings: () => this.settings(),
      log: this.log,
      keys: this.keys,
      endpoints: this.endpoints,
      services: this.services,
      modelLimits: (model) => this.services.modelLimits?.(model),
      readAttachment: this.readAttachment,
      apply: (event, conversation) => this.apply(event, conversation),
      isCurrent: (conversation) => conversation === this.conversation,
      onRetry: (change) => this.retrying.fire(change),
      onAnswered: (conversation, message) => this.answered.fire({ conversation, message }),
    };
    this.conversation = this.freshConversation();
  }

  private readonly streamDeps: AnswerStreamDeps;

  get busy(): boolean {
    return this.active !== undefined;
  }

  get snapshot(): Readonly<Conversation> {
    return this.conversation;
  }

  get draft(): string {
    return this.draftText;
  }

  set draft(text: string) {
    this.draftText = text;
  }

  /** Makes `conversation` current (from history, an import, or a newer version written by another window). */
  show(conversation: Conversation, options: { keepDraft?: boolean } = {}): void {
    if (this.active && conversation.id !== this.conversation.id) this.abandonActive();
    this.conversation = conversation;
    if (!options.keepDraft) {
      this.draftText = '';
      this.attachments.clear();
    }
    this.replaced.fire(conversation);
  }

  newChat(): void {
    this.abandonActive();
    this.conversation = this.freshConversation();
    this.draftText = '';
    this.attachments.clear();
    this.replaced.fire(this.conversation);
  }

  /**
   * Sends `text` as the next user turn; `prefill` is how the answer must start (shown as its beginning). Refusals (no
   * key, empty, busy) send nothing and change nothing.
   */
  async send(text: string, options: { prefill?: string } = {}): Promise<SendResult> {
    if (this.attachments.preparing) return refuse('invalidRequest', 'An attachment is still being prepared.', 'Send again once its chip shows it is ready, or remove it.');
    if (text.trim().length === 0 && this.attachments.ready.length === 0) return refuse('invalidRequest', 'Nothing to send.', 'Type a message or attach a file first.');
    return this.sendTurn(text, undefined, options.prefill);
  }

  /**
   * Sends a code command's turn: `text` is the full prompt (code, path, diagnostics…), `invocation` what the
   * transcript shows instead, and the command's system prompt and model apply to the answer to this turn. The
   * composer's draft is the user's and stays.
   */
  async sendInvocation(text: string, invocation: Invocation): Promise<SendResult> {
    if (text.trim().length === 0) return refuse('invalidRequest', 'Nothing to send.', 'The command produced an empty prompt.');
    return this.sendTurn(text, invocation);
  }

  private async sendTurn(text: string, invocation?: Invocation, prefill?: string): Promise<SendResult> {
    // Writing while tool cards wait answers them: the calls are not run (Claude is told so) and this turn follows.
    if (this.active?.phase === 'tools') await this.stopAndSettle();
    const early = this.refusalToStart(visiblePath(this.conversation));
    if (early) return early;
    const startedIn = this.conversation.id;
    const key = await this.readyToRequest();
    if (!key.ok) return key;
    // The composer's turn is counted (code commands check their own budget): a request that cannot fit is not sent.
    const tooLong = invocation ? undefined : await this.services.fitCheck?.(text, this.attachments.ready);
    if (tooLong) return { ok: false, error: tooLong };
    // The turn was written for the conversation on screen when Send was pressed, not for one opened since.
    if (this.conversation.id !== startedIn) return refuse('invalidRequest', 'Another conversation was opened before this message was sent.', 'Nothing was sent; send it again here if it belongs here.');
    // Checked again after the awaits, synchronously with starting: two sends resolved in one tick cannot both start,
    // and a copy adopted from another window meanwhile may now end in its streaming answer.
    const path = visiblePath(this.conversation);
    const late = this.refusalToStart(path);
    if (late) return late;
    // A command's turn is the command's: the files attached to the user's own draft wait for the user's turn.
    const attached = invocation ? [] : this.attachments.ready;
    const tooBig = requestSizeRefusal(path, attached, text);
    if (tooBig) return { ok: false, error: tooBig };
    const user = this.appendUser(path.at(-1)?.id ?? null, text, invocation, attached);
    if (!invocation) {
      this.draftText = '';
      this.attachments.clear();
    }
    return { ok: true, reply: this.startReply(key.apiKey, user.id, undefined, prefill) };
  }

  /** Adds `text` to the end of the unsent draft (Add Selection to Chat); open views add it to what they show. */
  appendToDraft(text: string): void {
    this.draftText = appendToDraft(this.draftText, text);
    this.draftAppended.fire(text);
  }

  /** Sends an edited version of an earlier question; the old question and what followed stay as a branch. */
  async editAndResend(messageId: string, text: string): Promise<SendResult> {
    const original = findMessage(this.conversation, messageId);
    if (!original || original.role !== 'user') return refuse('invalidRequest', 'That message cannot be edited.', 'Only your own messages can be edited.');
    if (text.trim().length === 0 && !original.blocks.some((block) => block.type === 'attachment')) return refuse('invalidRequest', 'Nothing to send.', 'The edited message is empty.');
    const early = this.refusalToStart(ancestry(this.conversation, original.parentId));
    if (early) return early;
    const key = await this.readyToRequest();
    if (!key.ok) return key;
    const late = this.refusalToStart(ancestry(this.conversation, original.parentId));
    if (late) return late;
    // The edit changes the words; the files attached to the question stay attached to it.
    const attached = original.blocks.flatMap((block) => (block.type === 'attachment' ? [block.attachment] : []));
    const tooBig = requestSizeRefusal(ancestry(this.conversation, original.parentId), attached, text);
    if (tooBig) return { ok: false, error: tooBig };
    // An edited command turn is still that command's: its system prompt and model apply to the new answer too.
    const user = this.appendUser(original.parentId, text, original.invocation, attached);
    return { ok: true, reply: this.startReply(key.apiKey, user.id) };
  }

  /**
   * Asks again for an answer (the newest one when no id is given), keeping the old one as a branch. While an answer
   * is in flight (say, waiting out a rate limit) it is cancelled first: "Retry now".
   */
  async regenerate(messageId?: string): Promise<SendResult> {
    await this.stopAndSettle();
    const target = messageId ? findMessage(this.conversation, messageId) : visiblePath(this.conversation).findLast((m) => m.role === 'assistant');
    if (!target || target.role !== 'assistant' || target.parentId === null) return refuse('invalidRequest', 'Nothing to regenerate.', 'There is no answer to ask for again.');
    const early = this.refusalToStart(ancestry(this.conversation, target.id));
    if (early) return early;
    const key = await this.readyToRequest();
    if (!key.ok) return key;
    const late = this.refusalToStart(ancestry(this.conversation, target.id));
    if (late) return late;
    // An attempt that produced nothing (or only its prefill) is not worth keeping as a branch.
    const prefill = target.request?.prefill;
    if (target.blocks.length === 0 || (prefill !== undefined && target.blocks.length === 1 && target.blocks[0].type === 'text' && target.blocks[0].text === prefill)) {
      this.apply({ type: 'message/remove', messageIds: [target.id] });
    }
    // A regenerated answer starts with the same prefill: it was part of what was asked.
    return { ok: true, reply: this.startReply(key.apiKey, target.parentId, undefined, prefill) };
  }

  /** Continues an answer that stopped at max_tokens; the continuation joins the same answer. */
  async continueAnswer(messageId: string): Promise<SendResult> {
    const target = findMessage(this.conversation, messageId);
    if (!target || target.role !== 'assistant' || target.blocks.length === 0) return refuse('invalidRequest', 'Nothing to continue.', 'Only an answer with content can be continued.');
    const early = this.refusalToStart(ancestry(this.conversation, target.id));
    if (early) return early;
    const key = await this.readyToRequest();
    if (!key.ok) return key;
    const late = this.refusalToStart(ancestry(this.conversation, target.id));
    if (late) return late;
    return { ok: true, reply: this.startReply(key.apiKey, target.parentId, target) };
  }

  /**
   * Runs the tool calls an answer left waiting (Stop, the round limit, a reload) as a new stretch of the loop: cards
   * again, then the answer goes on. Only for the newest answer on screen, and only when nothing else is running.
   */
  async resumeTools(messageId: string): Promise<SendResult> {
    const target = findMessage(this.conversation, messageId);
    const path = visiblePath(this.conversation);
    if (!this.services.tools || !awaitsToolResults(target) || path.at(-1)?.id !== messageId) return refuse('invalidRequest', 'There are no tool calls to resume.', 'Only the newest answer’s unanswered tool calls can be run.');
    const early = this.refusalToStart(path);
    if (early) return early;
    const key = await this.readyToRequest();
    if (!key.ok) return key;
    const late = this.refusalToStart(visiblePath(this.conversation));
    if (late || !awaitsToolResults(findMessage(this.conversation, messageId))) return late ?? refuse('invalidRequest', 'There are no tool calls to resume.', 'The answer changed meanwhile.');
    this.apply({ type: 'message/toolsHalted', messageId, error: null });
    const controller = new AbortController();
    const answer = findMessage(this.conversation, messageId)!;
    return { ok: true, reply: this.track(controller, answer.id, (active) => runToolLoop(this.streamDeps, key.apiKey, this.conversation, answer, active)) };
  }

  /** Deletes a question and its answers; what followed moves up and stays. */
  deletePair(messageId: string): void {
    const removal = pairRemoval(this.conversation, messageId);
    if (!removal) return;
    const { doomed, followers, parentId } = removal;
    if (this.active && doomed.some((id) => descendantIds(this.conversation, id).includes(this.active!.messageId))) this.abandonActive();
    this.apply({ type: 'message/remove', messageIds: doomed, reparent: { childIds: followers, parentId } });
  }

  selectBranch(parentId: string | null, childId: string): void {
    this.apply({ type: 'branch/select', parentId, childId });
  }

  updateMeta(patch: MetaPatch): void {
    this.apply({ type: 'conversation/meta', patch, at: Date.now() });
  }

  /** Aborts the streaming answer for real (the HTTP request is cancelled); what arrived is kept. */
  stop(): void {
    this.active?.controller.abort();
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }

  /** Stops what is running (a stream, or a loop waiting on tool cards) and waits until it has settled. */
  private async stopAndSettle(): Promise<void> {
    if (!this.active) return;
    const { controller, reply } = this.active;
    controller.abort();
    await reply;
  }

  private freshConversation(): Conversation {
    const settings = this.settings();
    return emptyConversation(newId('conv'), { model: settings.model, systemPrompt: settings.systemPrompt }, Date.now());
  }

  /** Stops the request and forgets it at once: its last events still land in the conversation it belongs to. */
  private abandonActive(): void {
    if (!this.active) return;
    this.stop();
    this.active = undefined;
    this.busyChanged.fire(false);
  }

  /**
   * Why a request on `path` cannot start now: an answer of this window's is streaming, or another window is still
   * writing an answer on the path (a request from here would send its half-written text as history and race it for
   * the same place in the tree). Checked before the key and endpoint are looked up, and again after those awaits.
   */
  private refusalToStart(path: readonly ChatMessage[]): { ok: false; error: ChatError } | undefined {
    if (this.active?.phase === 'tools') return refuse('invalidRequest', 'Claude is waiting for tool calls to be decided or run.', 'Allow or deny the calls above, or press Stop, then try again.');
    if (this.active) return refuse('invalidRequest', 'An answer is still streaming.', 'Stop it or wait for it to finish, then send again.');
    if (path.some((message) => message.status === 'streaming' && message.streamingElsewhere !== undefined)) {
      return refuse('invalidRequest', 'An answer is still arriving in another VS Code window.', 'Wait for it to finish there (or stop it there), then send again; your message stays here.');
    }
    return undefined;
  }

  private async readyToRequest(): Promise<{ ok: true; apiKey: string } | { ok: false; error: ChatError }> {
    // No key, an unreadable keychain or a key with a character no header can carry: each says so and offers Set API Key.
    const lookup = await this.keys.resolveForRequest();
    if (!lookup.ok) return lookup;
    // An endpoint a workspace chose gets the key only after the user's yes, asked here before anything is appended.
    const endpoint = await this.endpoints.approve(this.settings());
    if (!endpoint.ok) return endpoint;
    // The model's limits bound the answer: the model list is read once (then cached), before the first request.
    await this.services.loadModelLimits?.();
    return { ok: true, apiKey: lookup.key.key };
  }

  private appendUser(parentId: string | null, text: string, invocation?: Invocation, attachments: readonly Attachment[] = []): ChatMessage {
    // Files before the words, as the API's vision guide advises: the question then refers to what was just shown.
    const blocks: ChatBlock[] = attachments.map((attachment) => ({ type: 'attachment', attachment: { ...attachment } }));
    if (text.trim().length > 0 || blocks.length === 0) blocks.push({ type: 'text', text });
    const message: ChatMessage = { id: newId('msg'), parentId, role: 'user', blocks, status: 'complete', createdAt: Date.now() };
    if (invocation) message.invocation = { ...invocation };
    const stored = this.apply({ type: 'message/append', message }) ?? message;
    const titleText = invocation ? invocationHeadline(invocation) : text.trim().length > 0 ? text : attachments.map((attachment) => attachment.name).join(', ');
    if (this.conversation.titleSource === 'none') this.updateMeta({ title: fallbackTitle(titleText), titleSource: 'fallback' });
    return stored;
  }

  /**
   * Answers `parentId` (see streamAnswer), then goes on through the tool loop while the answers ask for tools: the
   * returned promise settles with the last answer, once the loop has ended.
   */
  private startReply(apiKey: string, parentId: string | null, continuing?: ChatMessage, prefill?: string): Promise<ChatMessage> {
    const controller = new AbortController();
    const conversation = this.conversation;
    const first = streamAnswer(this.streamDeps, apiKey, conversation, parentId, controller.signal, continuing, prefill);
    return this.track(controller, first.messageId, async (active) => runToolLoop(this.streamDeps, apiKey, conversation, await first.reply, active));
  }

  /** Makes `run` the active request until it settles: busy meanwhile, Stop aborts `controller`. */
  private track(controller: AbortController, messageId: string, run: (active: ActiveRequest) => Promise<ChatMessage>): Promise<ChatMessage> {
    const active: ActiveRequest = { controller, messageId, phase: 'streaming', reply: undefined as unknown as Promise<ChatMessage> };
    active.reply = run(active);
    this.active = active;
    this.busyChanged.fire(true);
    void active.reply.finally(() => {
      if (this.active !== active) return;
      this.active = undefined;
      this.busyChanged.fire(false);
    });
    return active.reply;
  }

  private apply(event: ConversationEvent, target: Conversation = this.conversation): ChatMessage | undefined {
    const touched = applyConversationEvent(target, event);
    this.changed.fire({ conversation: target, events: [event] });
    return touched;
  }
}

function refuse(kind: ChatError['kind'], title: string, detail: string): { ok: false; error: ChatError } {
  return { ok: false, error: { kind, title, detail, actions: [] } };
}
