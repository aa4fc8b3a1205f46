import { applyConversationEvent, type ChatMessage, type Conversation, type ConversationEvent } from '../shared/conversation';
import { h } from './dom';
import { MessageView, type MessageActions } from './messageView';

/** Pixels from the bottom that still count as "at the bottom" for following the stream. */
const FOLLOW_THRESHOLD_PX = 40;

/**
 * The conversation on screen. Applies the host's events with the same reducer the host uses, then touches only the
 * message each event changed. Follows the stream while the user is at the bottom and stops as soon as they scroll up.
 */
export class Transcript {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly announcer: HTMLElement;
  private conversation: Conversation = { id: '', messages: [] };
  private views = new Map<string, MessageView>();

  constructor(
    private readonly actions: MessageActions,
    emptyState: HTMLElement,
  ) {
    this.list = h('div', { className: 'message-list' });
    this.empty = emptyState;
    this.announcer = h('div', { className: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
    this.element = h('main', { className: 'transcript', 'aria-label': 'Conversation', tabindex: '0' }, this.empty, this.list, this.announcer);
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  /** Replaces everything (first load, new chat, rebuilt view). */
  reset(conversationId: string, messages: ChatMessage[]): void {
    this.conversation = { id: conversationId, messages };
    this.views = new Map();
    this.list.replaceChildren(...messages.map((message) => this.createView(message).element));
    this.updateEmpty();
    this.scrollToBottom();
  }

  apply(conversationId: string, events: ConversationEvent[]): void {
    if (conversationId !== this.conversation.id) return; // late events of a conversation no longer shown
    const follow = this.isAtBottom();
    for (const event of events) {
      const message = applyConversationEvent(this.conversation, event);
      if (!message) continue;
      switch (event.type) {
        case 'message/append':
          this.list.append(this.createView(message).element);
          break;
        case 'message/remove':
          this.views.get(event.messageId)?.element.remove();
          this.views.delete(event.messageId);
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
          if (message.role === 'assistant') this.announce(message);
          break;
      }
    }
    this.updateEmpty();
    if (follow) this.scrollToBottom();
  }

  retrying(messageId: string, status: number, retryAt: number | undefined): void {
    this.views.get(messageId)?.showRetrying(status, retryAt);
  }

  private createView(message: ChatMessage): MessageView {
    const view = new MessageView(message, this.actions);
    this.views.set(message.id, view);
    return view;
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
