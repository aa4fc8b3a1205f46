import type * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { requestTitle } from '../api/titleRequest';
import { userEndpointsOnly, type EndpointGate } from '../config/endpointPolicy';
import type { ChatSettings } from '../config/settingsSchema';
import { invocationHeadline, messageText, type ChatMessage, type Conversation } from '../shared/conversation';
import { questionOf } from '../shared/conversationTree';
import { Disposable } from '../util/disposable';
import type { ChatSession } from './chatSession';
import type { ConversationLibrary } from './conversationLibrary';
import { cleanTitle } from './titles';

/**
 * Names a conversation after its first answer with a small request to a cheap model (claudeChat.titles.*). Until
 * then, and whenever that fails, the title is the first line of the first message. A title the user gave is never
 * replaced.
 */
export class TitleGenerator extends Disposable {
  private readonly asked = new Set<string>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    session: ChatSession,
    private readonly library: ConversationLibrary,
    private readonly keys: ApiKeyStore,
    private readonly settings: () => ChatSettings,
    private readonly log: vscode.LogOutputChannel,
    /** The same gate as the chat's: a title goes only where an answer was allowed to go, and never asks on its own. */
    private readonly endpoints: EndpointGate = userEndpointsOnly,
  ) {
    super();
    this._register(session.onDidFinishAnswer(({ conversation, message }) => this.maybeName(conversation, message)));
  }

  /** Resolves when the titles asked for so far have arrived or failed (for tests). */
  settled(): Promise<void> {
    return this.pending;
  }

  private maybeName(conversation: Conversation, answer: ChatMessage): void {
    const settings = this.settings();
    // An answer that only asks for tools ("Let me look.") says too little to name the conversation: the loop's last one does.
    if (!settings.generateTitles || answer.status !== 'complete' || answer.stopReason === 'tool_use') return;
    if (conversation.titleSource === 'user' || conversation.titleSource === 'generated' || this.asked.has(conversation.id)) return;
    // After tool rounds the answer's parent is a turn of tool results: the question is the user's turn before them.
    const question = questionOf(conversation, answer.id);
    if (!question) return;
    this.asked.add(conversation.id);
    // A command's turn is named by what the user did, not by the code it sent.
    const asked = question.invocation ? invocationHeadline(question.invocation) : messageText(question);
    this.pending = this.pending.then(() => this.name(conversation, asked, messageText(answer), settings));
  }

  private async name(conversation: Conversation, question: string, answer: string, settings: ChatSettings): Promise<void> {
    try {
      const key = await this.keys.resolve();
      if (!key) return;
      const endpoint = this.endpoints.decide(settings);
      if (!endpoint.ok) {
        this.log.info(`No generated title for ${conversation.id}: ${endpoint.error.title}`);
        return;
      }
      const raw = await requestTitle({ apiKey: key.key, baseUrl: endpoint.baseUrl, extraHeaders: endpoint.extraHeaders, model: settings.titleModel, question, answer });
      const title = cleanTitle(raw);
      if (!title || conversation.titleSource === 'user') return;
      await this.library.updateMeta(conversation.id, { title, titleSource: 'generated' });
    } catch (error) {
      // A missing title is no news: the fallback title stays, and the chat goes on.
      this.log.info(`No generated title for ${conversation.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
