import type { ChatErrorAction } from '../shared/chatError';
import type { BlockDelta, ChatMessage } from '../shared/conversation';
import type { WebviewAction } from '../shared/protocol';
import { BlockView } from './blockView';
import { button, h } from './dom';

export interface MessageActions {
  retry(): void;
  run(action: WebviewAction): void;
}

/** One turn: a labelled region with its blocks and, when it did not end normally, what happened and what to do. */
export class MessageView {
  readonly element: HTMLElement;
  private readonly blocksElement: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly blocks: (BlockView | undefined)[] = [];
  private countdownTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly message: ChatMessage,
    private readonly actions: MessageActions,
  ) {
    const who = message.role === 'user' ? 'You' : 'Claude';
    const headingId = `heading-${message.id}`;
    this.blocksElement = h('div', { className: 'blocks' });
    this.footer = h('div', { className: 'message-footer' });
    this.element = h(
      'article',
      { className: `message message-${message.role}`, 'aria-labelledby': headingId, 'data-message-id': message.id },
      h('h2', { className: 'message-author', id: headingId }, who),
      this.blocksElement,
      this.footer,
    );
    message.blocks.forEach((_block, index) => this.startBlock(index));
    this.refreshStatus();
  }

  startBlock(index: number): void {
    const block = this.message.blocks[index];
    if (!block) return;
    const view = new BlockView(block);
    const next = this.blocks.slice(index + 1).find((candidate) => candidate !== undefined);
    this.blocks[index]?.element.remove();
    this.blocks[index] = view;
    this.blocksElement.insertBefore(view.element, next?.element ?? null);
  }

  appendDelta(index: number, delta: BlockDelta): void {
    this.blocks[index]?.append(delta);
  }

  /** The API refused an attempt and it will be retried: say so, count down, and offer to retry at once. */
  showRetrying(status: number, retryAt: number | undefined): void {
    this.stopCountdown();
    const reason = status === 429 ? 'Rate limited by the API (429).' : `The API is busy (${status}).`;
    const label = h('span', { className: 'status status-retrying', role: 'status' });
    const update = () => {
      const seconds = retryAt === undefined ? undefined : Math.ceil((retryAt - Date.now()) / 1000);
      label.textContent = seconds !== undefined && seconds > 0 ? `${reason} Retrying in ${seconds} s…` : `${reason} Retrying…`;
    };
    update();
    if (retryAt !== undefined) this.countdownTimer = setInterval(update, 250);
    this.footer.replaceChildren(label, button('Retry now', { icon: 'refresh', className: 'button secondary retry-now', onClick: () => this.actions.retry() }));
  }

  /** Re-draws the status line from the message (it changes a few times per answer, not per delta). */
  refreshStatus(): void {
    this.stopCountdown();
    const message = this.message;
    this.element.classList.toggle('is-streaming', message.status === 'streaming');
    this.element.classList.toggle('is-incomplete', message.status === 'failed' || message.status === 'stopped');
    this.element.setAttribute('aria-busy', String(message.status === 'streaming'));
    this.footer.replaceChildren(...this.statusNodes());
  }

  private stopCountdown(): void {
    if (this.countdownTimer !== undefined) clearInterval(this.countdownTimer);
    this.countdownTimer = undefined;
  }

  private statusNodes(): Node[] {
    const message = this.message;
    if (message.role === 'user') return [];
    switch (message.status) {
      case 'streaming':
        return message.blocks.length === 0 ? [h('span', { className: 'status status-waiting' }, 'Waiting for Claude…')] : [];
      case 'stopped':
        return [h('span', { className: 'status status-stopped' }, 'Stopped. The answer is incomplete.'), button('Retry', { icon: 'refresh', className: 'button secondary', onClick: () => this.actions.retry() })];
      case 'failed': {
        const error = message.error;
        const card = h('div', { className: 'error-card', role: 'alert' });
        card.append(h('div', { className: 'error-title' }, error?.title ?? 'The answer failed.'));
        if (error?.detail) card.append(h('div', { className: 'error-detail' }, error.detail));
        if (error?.requestId) card.append(h('div', { className: 'error-meta' }, `Request id: ${error.requestId}`));
        if (message.blocks.length > 0) card.append(h('div', { className: 'error-meta' }, 'The partial answer above is kept and marked incomplete.'));
        const buttons = h('div', { className: 'error-actions' }, ...(error?.actions ?? ['retry']).map((action) => this.actionButton(action)));
        card.append(buttons);
        return [card];
      }
      case 'complete':
        return stopReasonNotes(message.stopReason);
    }
  }

  private actionButton(action: ChatErrorAction): HTMLButtonElement {
    switch (action) {
      case 'retry':
        return button('Retry', { icon: 'refresh', className: 'button secondary', onClick: () => this.actions.retry() });
      case 'setApiKey':
        return button('Set API Key', { icon: 'key', onClick: () => this.actions.run('setApiKey') });
      case 'openSettings':
        return button('Open Settings', { icon: 'settings-gear', className: 'button secondary', onClick: () => this.actions.run('openSettings') });
    }
  }
}

function stopReasonNotes(stopReason: string | null | undefined): Node[] {
  switch (stopReason) {
    case 'max_tokens':
      return [h('span', { className: 'status status-note' }, 'The answer reached the max tokens limit (claudeChat.maxTokens) and was cut off.')];
    case 'refusal':
      return [h('span', { className: 'status status-note' }, 'Claude declined to answer this request.')];
    case 'stop_sequence':
      return [h('span', { className: 'status status-note' }, 'Stopped at a stop sequence.')];
    case 'model_context_window_exceeded':
      return [h('span', { className: 'status status-note' }, 'The conversation filled the model’s context window; start a new chat to go on.')];
    default:
      return [];
  }
}
