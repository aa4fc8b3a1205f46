import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { requestReply } from '../api/requestReply';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatError } from '../shared/chatError';
import { applyConversationEvent, type ChatMessage, type Conversation, type ConversationEvent } from '../shared/conversation';
import { newId } from '../shared/ids';
import { Disposable } from '../util/disposable';

export interface ConversationChange {
  conversationId: string;
  events: ConversationEvent[];
}

export interface RetryingChange {
  messageId: string;
  status: number;
  retryAt?: number;
}

export type SendResult = { ok: true; reply: Promise<ChatMessage> } | { ok: false; error: ChatError };

interface ActiveRequest {
  controller: AbortController;
  reply: Promise<ChatMessage>;
}

/**
 * The conversation on screen and the one request that may be streaming into it. Owns the state: views render it
 * and ask for changes; they never hold a copy the host depends on.
 */
export class ChatSession extends Disposable {
  private conversation: Conversation = { id: newId('conv'), messages: [] };
  private active: ActiveRequest | undefined;
  private draftText = '';

  private readonly changed = this._register(new vscode.EventEmitter<ConversationChange>());
  /** Every change to the current conversation, in order. */
  readonly onDidChangeConversation = this.changed.event;
  private readonly replaced = this._register(new vscode.EventEmitter<void>());
  /** A different conversation is now current (New Chat): views rebuild from `snapshot`. */
  readonly onDidReplaceConversation = this.replaced.event;
  private readonly busyChanged = this._register(new vscode.EventEmitter<boolean>());
  readonly onDidChangeBusy = this.busyChanged.event;
  private readonly retrying = this._register(new vscode.EventEmitter<RetryingChange>());
  /** The current answer's request failed and the SDK will try again (after `retryAt`, when known). */
  readonly onDidScheduleRetry = this.retrying.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: () => ChatSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

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

  /** Sends `text` as the next user turn. Refusals (no key, empty, busy) send nothing and change nothing. */
  async send(text: string): Promise<SendResult> {
    if (text.trim().length === 0) {
      return refuse({ kind: 'invalidRequest', title: 'Nothing to send.', detail: 'Type a message first.', actions: [] });
    }
    if (this.active) {
      return refuse({ kind: 'invalidRequest', title: 'An answer is still streaming.', detail: 'Stop it or wait for it to finish, then send again.', actions: [] });
    }
    const key = await this.keys.resolve();
    if (!key) {
      return refuse({
        kind: 'noKey',
        title: 'No API key is set.',
        detail: 'Claude Chat needs an Anthropic API key. It is kept in VS Code secret storage, never in settings or files.',
        actions: ['setApiKey'],
      });
    }
    // A send that raced another through the await above loses.
    if (this.active) return refuse({ kind: 'invalidRequest', title: 'An answer is still streaming.', detail: 'Wait for it to finish.', actions: [] });

    const userMessage: ChatMessage = { id: newId('msg'), role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: Date.now() };
    this.apply({ type: 'message/append', message: userMessage });
    this.draftText = '';
    return { ok: true, reply: this.startReply(key.key) };
  }

  /** Asks again for the last answer, when it failed or was stopped; while one is in flight, cancels it and asks at once. */
  async retry(): Promise<SendResult> {
    const active = this.active;
    if (active) {
      // "Retry now" during a wait for the API: cancel the sleeping request and send a fresh one.
      active.controller.abort();
      await active.reply;
    }
    if (this.active) return refuse({ kind: 'invalidRequest', title: 'An answer is still streaming.', detail: 'Stop it first.', actions: [] });
    const last = this.conversation.messages[this.conversation.messages.length - 1];
    if (!last || last.role !== 'assistant' || last.status === 'complete') {
      return refuse({ kind: 'invalidRequest', title: 'Nothing to retry.', detail: 'Only a failed or stopped answer can be retried.', actions: [] });
    }
    const key = await this.keys.resolve();
    if (!key) return refuse({ kind: 'noKey', title: 'No API key is set.', detail: 'Set one, then retry.', actions: ['setApiKey'] });
    this.apply({ type: 'message/remove', messageId: last.id });
    return { ok: true, reply: this.startReply(key.key) };
  }

  /** Aborts the streaming answer for real (the HTTP request is cancelled); what arrived is kept. */
  stop(): void {
    this.active?.controller.abort();
  }

  newChat(): void {
    const wasBusy = this.active !== undefined;
    this.stop();
    // The aborted request settles later, into the old conversation; the new one is free at once.
    this.active = undefined;
    if (wasBusy) this.busyChanged.fire(false);
    this.conversation = { id: newId('conv'), messages: [] };
    this.draftText = '';
    this.replaced.fire();
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }

  private startReply(apiKey: string): Promise<ChatMessage> {
    const settings = this.settings();
    const conversation = this.conversation;
    const history = conversation.messages.slice();
    const draft: ChatMessage = { id: newId('msg'), role: 'assistant', blocks: [], status: 'streaming', createdAt: Date.now(), model: settings.model };
    // The conversation stores its own copy; hold that one, which the events below keep up to date.
    const assistant = this.apply({ type: 'message/append', message: draft }) ?? draft;

    const controller = new AbortController();
    const started = Date.now();
    const reply = requestReply({
      apiKey,
      baseUrl: settings.baseUrl,
      settings,
      history,
      messageId: assistant.id,
      signal: controller.signal,
      idleTimeoutMs: settings.streamIdleTimeoutMs,
      // Events go to the conversation the request belongs to, even if the user has moved on to another.
      emit: (event) => this.apply(event, conversation),
      onRetry: (notice) => {
        this.log.warn(`API answered ${notice.status}; retrying${notice.waitSeconds !== undefined ? ` in ${notice.waitSeconds} s` : ''}`);
        if (conversation !== this.conversation) return;
        const retryAt = notice.waitSeconds !== undefined ? Date.now() + notice.waitSeconds * 1000 : undefined;
        this.retrying.fire({ messageId: assistant.id, status: notice.status, ...(retryAt !== undefined ? { retryAt } : {}) });
      },
    }).then((outcome) => {
      this.apply({ type: 'message/end', messageId: assistant.id, ...outcome }, conversation);
      const elapsed = Date.now() - started;
      if (outcome.status === 'failed' && outcome.error) {
        const { kind, status, requestId } = outcome.error;
        this.log.warn(`Answer failed after ${elapsed} ms: ${kind}${status ? ` ${status}` : ''}${requestId ? ` (request ${requestId})` : ''}`);
      } else {
        this.log.info(`Answer ${outcome.status} after ${elapsed} ms (${outcome.usage?.outputTokens ?? 0} output tokens)`);
      }
      return assistant;
    });
    const active: ActiveRequest = { controller, reply };
    this.active = active;
    this.busyChanged.fire(true);
    void reply.finally(() => {
      if (this.active !== active) return;
      this.active = undefined;
      this.busyChanged.fire(false);
    });
    return reply;
  }

  private apply(event: ConversationEvent, target: Conversation = this.conversation): ChatMessage | undefined {
    const touched = applyConversationEvent(target, event);
    if (target === this.conversation) this.changed.fire({ conversationId: target.id, events: [event] });
    return touched;
  }
}

function refuse(error: ChatError): SendResult {
  return { ok: false, error };
}
