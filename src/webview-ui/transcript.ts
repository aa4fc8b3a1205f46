import { applyConversationEvent, childrenOf, emptyConversation, visiblePath, type ChatMessage, type Conversation, type ConversationEvent } from '../shared/conversation';
import { h } from './dom';
import { MessageView, type BranchInfo, type MessageActions } from './messageView';

/** Pixels from the bottom that still count as "at the bottom" for following the stream. */
const FOLLOW_THRESHOLD_PX = 40;

/**
 * The branch of the conversation on screen. Applies the host's events with the same reducer the host uses, then
 * touches only the message each event changed; a change of branch (edit, regenerate, delete, switch) redraws the
 * path. Follows the stream while the user is at the bottom and stops as soon as they scroll up.
 */
export class Transcript {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly announcer: HTMLElement;
  private conversation: Conversation = emptyConversation('', { model: '', systemPrompt: '' }, 0);
  private views = new Map<string, MessageView>();
  private pathIds: string[] = [];

  constructor(
    private readonly actions: MessageActions,
    emptyState: HTMLElement,
    private readonly onMetaChanged: (conversation: Conversation) => void,
  ) {
    this.list = h('div', { className: 'message-list' });
    this.empty = emptyState;
    this.announcer = h('div', { className: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
    this.element = h('main', { className: 'transcript', 'aria-label': 'Conversation', tabindex: '0' }, this.empty, this.list, this.announcer);
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** Replaces everything (first load, another conversation, rebuilt view). */
  reset(conversation: Conversation): void {
    this.conversation = conversation;
    this.redraw();
    this.scrollToBottom();
  }

  setBusy(busy: boolean): void {
    this.element.classList.toggle('is-busy', busy);
  }

  apply(conversationId: string, events: ConversationEvent[]): void {
    if (conversationId !== this.conversation.id) return; // late events of a conversation no longer shown
    const follow = this.isAtBottom();
    let pathChanged = false;
    for (const event of events) {
      const message = applyConversationEvent(this.conversation, event);
      switch (event.type) {
        case 'message/append':
          if (message && this.extendsPath(message)) this.appendView(message, { refreshPrevious: true });
          else pathChanged = true;
          break;
        case 'message/remove':
        case 'branch/select':
          pathChanged = true;
          break;
        case 'conversation/meta':
          this.onMetaChanged(this.conversation);
          break;
        case 'message/resume':
          this.views.get(event.messageId)?.refreshStatus();
          break;
        case 'block/start': {
          const view = this.views.get(event.messageId);
          view?.startBlock(event.index);
          view?.refreshStatus();
          break;
        }
        case 'block/delta':
          this.views.get(event.messageId)?.appendDelta(event.index, event.delta);
          break;
        case 'message/end':
          this.views.get(event.messageId)?.refreshStatus();
          if (message?.role === 'assistant') this.announce(message);
          break;
      }
    }
    if (pathChanged) this.redraw();
    this.updateEmpty();
    if (follow) this.scrollToBottom();
  }

  retrying(messageId: string, status: number, retryAt: number | undefined): void {
    this.views.get(messageId)?.showRetrying(status, retryAt);
  }

  /** A new message that simply continues the path on screen (the common case: a new turn) is appended, not redrawn. */
  private extendsPath(message: ChatMessage): boolean {
    const last = this.pathIds[this.pathIds.length - 1] ?? null;
    return message.parentId === last && childrenOf(this.conversation, message.parentId).length === 1;
  }

  private redraw(): void {
    for (const view of this.views.values()) view.dispose();
    this.views = new Map();
    this.pathIds = [];
    this.list.replaceChildren();
    for (const message of visiblePath(this.conversation)) this.appendView(message, { refreshPrevious: false });
    this.updateEmpty();
  }

  private appendView(message: ChatMessage, options: { refreshPrevious: boolean }): void {
    const view = new MessageView(message, this.branchInfo(message), this.actions);
    this.views.set(message.id, view);
    this.pathIds.push(message.id);
    this.list.append(view.element);
    // The message before this one is no longer the last: its Continue button must go.
    const previous = this.pathIds[this.pathIds.length - 2];
    if (options.refreshPrevious && previous) this.replaceView(previous);
  }

  private replaceView(messageId: string): void {
    const old = this.views.get(messageId);
    const message = this.conversation.messages.find((m) => m.id === messageId);
    if (!old || !message) return;
    const view = new MessageView(message, this.branchInfo(message), this.actions);
    old.dispose();
    old.element.replaceWith(view.element);
    this.views.set(messageId, view);
  }

  private branchInfo(message: ChatMessage): BranchInfo {
    const siblingIds = childrenOf(this.conversation, message.parentId).map((m) => m.id);
    return { index: siblingIds.indexOf(message.id), siblingIds, isLeaf: childrenOf(this.conversation, message.id).length === 0 };
  }

  private announce(message: ChatMessage): void {
    const text = { complete: 'Claude finished answering.', stopped: 'Answer stopped.', failed: 'The answer failed.', streaming: '' }[message.status];
    this.announcer.textContent = text;
  }

  private updateEmpty(): void {
    this.empty.hidden = this.conversation.messages.length > 0;
  }

  private isAtBottom(): boolean {
    const scroller = this.element;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= FOLLOW_THRESHOLD_PX;
  }

  private scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }
}
