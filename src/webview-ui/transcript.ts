import { emptyConversation, type ChatMessage, type Conversation } from '../shared/conversation';
import { applyConversationEvent, type ConversationEvent } from '../shared/conversationReducer';
import { visiblePath } from '../shared/conversationTree';
import type { ToolCallState } from '../shared/protocol';
import { awaitsToolResults, isToolResultTurn, toolResultsById } from '../shared/toolTurns';
import { button, h } from './dom';
import { codeOf, type CodeAction } from './markdown/codeTools';
import { flushFrame } from './markdown/frameScheduler';
import { MessageView, type BranchInfo, type MessageActions } from './messageView';

/** Pixels from the bottom that still count as "at the bottom" for following the stream. */
const FOLLOW_THRESHOLD_PX = 40;
/** Messages this far outside the viewport are drawn ahead of time, so scrolling meets finished content. */
const REVEAL_MARGIN = '800px 0px';

/**
 * The branch of the conversation on screen. Applies the host's events with the same reducer the host uses, then
 * touches only the message each event changed; a change of branch (edit, regenerate, delete, switch) redraws the
 * path. Follows the stream while the user is at the bottom and stops as soon as they scroll up.
 */
export class Transcript {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly jumpButton: HTMLButtonElement;
  private readonly observer: IntersectionObserver;
  /** True while the user is at the bottom: new content scrolls into view; false once they scroll up. */
  private following = true;
  private lastScrollTop = 0;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly announcer: HTMLElement;
  private conversation: Conversation = emptyConversation('', { model: '', systemPrompt: '' }, 0);
  private views = new Map<string, MessageView>();
  private pathIds: string[] = [];
  /** The block that started last: where the host's bare `stream/text` goes (it tracks the same, see EventBatcher). */
  private streamTarget: { messageId: string; index: number } | undefined;
  /** The host's tool calls waiting for a decision or running, by tool use id (its latest `tools/calls`). */
  private toolCalls = new Map<string, ToolCallState>();
  private busy = false;

  constructor(
    private readonly actions: MessageActions,
    emptyState: HTMLElement,
    private readonly onMetaChanged: (conversation: Conversation) => void,
  ) {
    this.list = h('div', { className: 'message-list' });
    this.empty = emptyState;
    this.announcer = h('div', { className: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
    this.scroller = h('main', { className: 'transcript', 'aria-label': 'Conversation', tabindex: '0' }, this.empty, this.list, this.announcer);
    this.jumpButton = button('Jump to latest', { icon: 'arrow-down', className: 'button jump-latest', onClick: () => this.jumpToLatest() });
    this.jumpButton.hidden = true;
    this.element = h('div', { className: 'transcript-frame' }, this.scroller, this.jumpButton);
    this.scroller.addEventListener('scroll', () => {
      // Only the user scrolls up; content growing under a programmatic scroll must not look like it.
      const top = this.scroller.scrollTop;
      if (top < this.lastScrollTop - 2) this.following = false;
      if (this.isAtBottom()) this.following = true;
      this.lastScrollTop = top;
      if (this.following) this.jumpButton.hidden = true;
    });
    this.scroller.addEventListener('click', (event) => this.onClick(event));
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: this.scroller, rootMargin: REVEAL_MARGIN });
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** Replaces everything (first load, another conversation, rebuilt view), with its tool calls in progress. */
  reset(conversation: Conversation, toolCalls: readonly ToolCallState[] = []): void {
    this.conversation = conversation;
    this.toolCalls = new Map(toolCalls.map((call) => [call.toolUseId, call]));
    this.streamTarget = undefined;
    this.childIndex = undefined;
    this.redraw();
    this.jumpToLatest();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.scroller.classList.toggle('is-busy', busy);
    this.refreshToolRound(this.pathIds.length - 1);
  }

  /**
   * The host's tool calls in progress (all of them). Cards appear and go with them; a card answered from the
   * keyboard hands the focus to the next card, and new cards are announced, never focused: the user may be typing.
   */
  setToolCalls(calls: readonly ToolCallState[]): void {
    const asked = calls.filter((call) => call.state === 'awaitingApproval' && this.toolCalls.get(call.toolUseId)?.state !== 'awaitingApproval');
    const answering = Boolean(document.activeElement?.closest('.tool-card'));
    this.toolCalls = new Map(calls.map((call) => [call.toolUseId, call]));
    this.pathIds.forEach((_id, index) => this.refreshToolRound(index));
    if (answering && !document.activeElement?.closest('.tool-card')) this.list.querySelector<HTMLElement>('.tool-card button')?.focus();
    if (asked.length > 0) this.announceToolCalls(asked.map((call) => call.toolUseId));
    this.contentGrew();
  }

  apply(conversationId: string, events: ConversationEvent[]): void {
    if (conversationId !== this.conversation.id) return; // late events of a conversation no longer shown
    let pathChanged = false;
    for (const event of events) {
      if (event.type === 'message/append' || event.type === 'message/remove') this.childIndex = undefined;
      if (event.type === 'block/start') this.streamTarget = { messageId: event.messageId, index: event.index };
      else if (event.type !== 'block/delta') this.streamTarget = undefined;
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
        case 'message/toolsHalted':
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
    this.contentGrew();
  }

  /** Text for the block streaming now. */
  appendStreamText(text: string): void {
    const target = this.streamTarget;
    if (!target) return;
    this.apply(this.conversation.id, [{ type: 'block/delta', messageId: target.messageId, index: target.index, delta: { type: 'text', text } }]);
  }

  retrying(messageId: string, status: number, retryAt: number | undefined): void {
    this.views.get(messageId)?.showRetrying(status, retryAt);
  }

  /** A new message that simply continues the path on screen (the common case: a new turn) is appended, not redrawn. */
  private extendsPath(message: ChatMessage): boolean {
    const last = this.pathIds[this.pathIds.length - 1] ?? null;
    return message.parentId === last && this.children(message.parentId).length === 1;
  }

  private redraw(): void {
    this.observer.disconnect();
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
    // A new turn is drawn at once; a loaded one when it comes near the viewport.
    if (options.refreshPrevious || message.status === 'streaming') view.reveal();
    else this.observer.observe(view.element);
    const index = this.pathIds.length - 1;
    this.refreshToolRound(index);
    // The answer before this turn gets its calls' results (or learns that they will not come).
    this.refreshToolRound(index - 1);
    // The message before this one is no longer the last: its Continue button must go. Not for an answer whose calls
    // this turn answers: it has no Continue, and rebuilding it would take the focus from a card being answered.
    const previous = this.pathIds[index - 1];
    if (options.refreshPrevious && previous && !isToolResultTurn(message)) this.replaceView(previous);
  }

  /** Hands the answer at `index` on the path its calls' results (from the turn after it) and the host's state. */
  private refreshToolRound(index: number): void {
    const view = this.views.get(this.pathIds[index]);
    // Every answer, not only those with calls yet: a call may start streaming into it later.
    if (view?.message.role !== 'assistant') return;
    const next = this.views.get(this.pathIds[index + 1])?.message;
    view.setToolRound({ results: toolResultsById(next), calls: this.toolCalls, pending: this.busy && index === this.pathIds.length - 1 });
  }

  private replaceView(messageId: string): void {
    const old = this.views.get(messageId);
    const message = this.conversation.messages.find((m) => m.id === messageId);
    if (!old || !message) return;
    const view = new MessageView(message, this.branchInfo(message), this.actions);
    this.views.set(messageId, view);
    this.refreshToolRound(this.pathIds.indexOf(messageId));
    if (old.isRevealed) view.reveal();
    else this.observer.observe(view.element);
    this.observer.unobserve(old.element);
    old.dispose();
    old.element.replaceWith(view.element);
  }

  private onVisible(entries: IntersectionObserverEntry[]): void {
    let revealed = false;
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const id = (entry.target as HTMLElement).dataset.messageId;
      const view = id ? this.views.get(id) : undefined;
      this.observer.unobserve(entry.target);
      if (view && !view.isRevealed) {
        view.reveal();
        revealed = true;
      }
    }
    if (revealed && this.following) this.scrollToBottom();
  }

  /** Links open only through the host (which allows http(s) only); code-block buttons ask the host to act. */
  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : undefined;
    const link = target?.closest('a[href]');
    if (link) {
      // Not only preventDefault: VS Code's webview frame listens for clicks on links itself and would open http(s)
      // at once, without the host's check or VS Code's confirmation. The click must not reach it.
      event.preventDefault();
      event.stopPropagation();
      this.actions.openLink(link.getAttribute('href') ?? '');
      return;
    }
    const action = target?.closest<HTMLElement>('[data-code-action]');
    const block = action ? codeOf(action) : undefined;
    if (action && block) this.actions.codeAction(action.dataset.codeAction as CodeAction, block.code, block.language);
  }

  private scrollScheduled = false;

  /** Follows new content in the same frame it is drawn in (after the Markdown renders), never per event. */
  private contentGrew(): void {
    if (!this.following) {
      this.jumpButton.hidden = false;
      return;
    }
    if (this.scrollScheduled) return;
    this.scrollScheduled = true;
    requestAnimationFrame(() => {
      this.scrollScheduled = false;
      if (this.following) this.scrollToBottom();
    });
  }

  private jumpToLatest(): void {
    this.following = true;
    this.jumpButton.hidden = true;
    this.scrollToBottom();
  }

  /** Children by parent id, built once per redraw: asking `childrenOf` per message would be quadratic. */
  private childIndex: Map<string | null, ChatMessage[]> | undefined;

  private children(parentId: string | null): ChatMessage[] {
    if (!this.childIndex) {
      this.childIndex = new Map();
      for (const message of this.conversation.messages) {
        const siblings = this.childIndex.get(message.parentId);
        if (siblings) siblings.push(message);
        else this.childIndex.set(message.parentId, [message]);
      }
    }
    return this.childIndex.get(parentId) ?? [];
  }

  private branchInfo(message: ChatMessage): BranchInfo {
    const siblingIds = this.children(message.parentId).map((m) => m.id);
    return { index: siblingIds.indexOf(message.id), siblingIds, isLeaf: this.children(message.id).length === 0 };
  }

  private announce(message: ChatMessage): void {
    // An answer that asks for tools is not finished: its cards are announced when the host asks (setToolCalls).
    if (awaitsToolResults(message)) return;
    const text = { complete: 'Claude finished answering.', stopped: 'Answer stopped.', failed: 'The answer failed.', streaming: '' }[message.status];
    this.announcer.textContent = text;
  }

  private announceToolCalls(toolUseIds: readonly string[]): void {
    const titles = [...this.list.querySelectorAll<HTMLElement>('.tool-call')]
      .filter((row) => toolUseIds.includes(row.dataset.toolUseId ?? ''))
      .map((row) => (row.querySelector('.tool-title')?.textContent ?? '').trim());
    if (titles.length === 0) return;
    this.announcer.textContent =
      titles.length === 1
        ? `Claude asks to run a tool: ${titles[0]}. Allow or deny it in the conversation.`
        : `Claude asks to run ${titles.length} tools: ${titles.join('; ')}. Allow or deny each in the conversation.`;
  }

  private updateEmpty(): void {
    this.empty.hidden = this.conversation.messages.length > 0;
  }

  private isAtBottom(): boolean {
    const scroller = this.scroller;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= FOLLOW_THRESHOLD_PX;
  }

  private scrollToBottom(): void {
    // Markdown waiting for the next frame would grow the page after we scrolled: draw it first.
    flushFrame();
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
