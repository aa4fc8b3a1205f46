import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { SettingsService } from '../config/settings';
import { customEndpointLabel } from '../config/settingsSchema';
import type { ChatSession, SendResult } from '../conversations/chatSession';
import type { ConversationLibrary } from '../conversations/conversationLibrary';
import { coalesceEvents, type ConversationEvent } from '../shared/conversation';
import { assertNever, parseWebviewMessage, type HostToWebview, type WebviewAction, type WebviewToHost } from '../shared/protocol';
import { Disposable } from '../util/disposable';

/** How long deltas gather before one post: about a frame, so the webview paints each batch once. */
const FLUSH_INTERVAL_MS = 16;

export interface ConnectionActions {
  runAction(action: WebviewAction): void;
}

/**
 * One webview (the sidebar view or an editor tab) attached to the shared chat session. The view asks for state
 * with `webview/ready` (on first load and whenever it is rebuilt); until then nothing is posted, because the full
 * state it then receives already contains every change.
 */
export class ChatConnection extends Disposable {
  private ready = false;
  private pendingEvents: ConversationEvent[] = [];
  private pendingConversationId = '';
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** The history query the view last asked for; undefined until it opens the history. */
  private historyQuery: string | undefined;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  /** The view this connection served was closed (not merely hidden). */
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly session: ChatSession,
    private readonly library: ConversationLibrary,
    private readonly keys: ApiKeyStore,
    private readonly settings: SettingsService,
    private readonly actions: ConnectionActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this._register(
      session.onDidChangeConversation((change) => {
        if (change.conversation === session.snapshot) this.queueEvents(change.conversation.id, change.events);
      }),
    );
    this._register(session.onDidReplaceConversation(() => void this.sendFullState()));
    this._register(session.onDidChangeBusy((busy) => this.post({ type: 'busy/changed', busy })));
    this._register(session.onDidScheduleRetry((change) => this.post({ type: 'request/retrying', ...change })));
    this._register(keys.onDidChange(() => void this.sendSettings()));
    this._register(library.onDidChangeList(() => void this.sendHistory()));
    this._register(settings.onDidChange(() => void this.sendSettings()));
  }

  /** The view was hidden and its page torn down: stop posting until it says ready again. */
  markNotReady(): void {
    this.ready = false;
    this.dropPending();
  }

  focusComposer(): void {
    this.post({ type: 'composer/focus' });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.dropPending();
    super.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Ignored a message from the chat view: ${parsed.reason}`);
      return;
    }
    void this.handle(parsed.message).catch((error: unknown) => {
      this.log.error(`Handling ${parsed.message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'webview/ready':
        this.ready = true;
        await this.sendFullState();
        return;
      case 'chat/send': {
        const result = await this.session.send(message.text);
        if (result.ok) this.post({ type: 'send/accepted', requestId: message.requestId });
        else this.post({ type: 'send/rejected', requestId: message.requestId, error: result.error });
        return;
      }
      case 'chat/retry':
        return this.report(await this.session.regenerate());
      case 'message/edit':
        return this.report(await this.session.editAndResend(message.messageId, message.text));
      case 'message/regenerate':
        return this.report(await this.session.regenerate(message.messageId));
      case 'message/continue':
        return this.report(await this.session.continueAnswer(message.messageId));
      case 'message/deletePair':
        this.session.deletePair(message.messageId);
        return;
      case 'branch/select':
        this.session.selectBranch(message.parentId, message.childId);
        return;
      case 'history/request':
        this.historyQuery = message.query;
        await this.sendHistory();
        return;
      case 'conversation/open':
        await this.library.open(message.id);
        return;
      case 'conversation/rename':
        await this.library.rename(message.id, message.title.trim());
        return;
      case 'conversation/pin':
        await this.library.pin(message.id, message.pinned);
        return;
      case 'conversation/delete': {
        const title = await this.library.delete(message.id);
        this.post({ type: 'history/deleted', id: message.id, title });
        return;
      }
      case 'conversation/restore':
        await this.library.restore(message.id);
        return;
      case 'chat/stop':
        this.session.stop();
        return;
      case 'chat/new':
        this.session.newChat();
        return;
      case 'draft/changed':
        this.session.draft = message.text;
        return;
      case 'action/run':
        this.actions.runAction(message.action);
        return;
      default:
        assertNever(message);
    }
  }

  private async sendFullState(): Promise<void> {
    if (!this.ready) return;
    this.dropPending();
    const snapshot = this.session.snapshot;
    const settings = this.settings.settings;
    this.post({
      type: 'state/full',
      state: {
        conversation: snapshot,
        busy: this.session.busy,
        apiKeySource: await this.keys.source(),
        model: settings.model,
        customEndpoint: customEndpointLabel(settings),
        draft: this.session.draft,
      },
    });
  }

  private async sendSettings(): Promise<void> {
    const settings = this.settings.settings;
    this.post({ type: 'settings/changed', apiKeySource: await this.keys.source(), model: settings.model, customEndpoint: customEndpointLabel(settings) });
  }

  private async sendHistory(): Promise<void> {
    const query = this.historyQuery;
    if (query === undefined || !this.ready) return;
    this.post({ type: 'history/list', query, items: await this.library.list(query) });
  }

  /** A refused request (busy, no key, nothing to do) is said where the user is looking. */
  private report(result: SendResult): void {
    if (result.ok) return;
    const { title, detail, actions } = result.error;
    const choice = actions.includes('setApiKey') ? ['Set API Key'] : [];
    void vscode.window.showWarningMessage(`Claude Chat: ${title} ${detail}`, ...choice).then((picked) => {
      if (picked) this.actions.runAction('setApiKey');
    });
  }

  private queueEvents(conversationId: string, events: ConversationEvent[]): void {
    if (!this.ready) return;
    if (this.pendingConversationId !== conversationId) this.flush();
    this.pendingConversationId = conversationId;
    this.pendingEvents.push(...events);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingEvents.length === 0) return;
    const events = coalesceEvents(this.pendingEvents);
    this.pendingEvents = [];
    this.post({ type: 'conversation/events', conversationId: this.pendingConversationId, events });
  }

  private dropPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingEvents = [];
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.isDisposed) return;
    // Anything that is not a delta must not overtake the deltas gathered before it.
    if (message.type !== 'conversation/events') this.flush();
    void this.webview.postMessage(message);
  }
}
