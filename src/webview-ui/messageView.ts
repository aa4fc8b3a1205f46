import type { ChatErrorAction } from '../shared/chatError';
import { messageText, type ChatMessage } from '../shared/conversation';
import { type BlockDelta } from '../shared/conversationReducer';
import type { InspectView, ToolCallState, WebviewAction } from '../shared/protocol';
import { awaitsToolResults, isToolResultTurn, type ToolResultBlock } from '../shared/toolTurns';
import type { AttachmentLinks } from './attachmentChips';
import { BlockView } from './blockView';
import { InspectMenu } from './inspectMenu';
import { InvocationView } from './invocationView';
import type { CodeAction } from './markdown/codeTools';
import { button, codicon, h } from './dom';
import { messageCost } from '../shared/cost';
import type { PriceOverrides } from '../shared/pricing';
import { usageLine } from './usageLine';
import type { ToolCallLinks } from './toolCallView';

export interface MessageActions {
  retry(): void;
  run(action: WebviewAction): void;
  edit(messageId: string, text: string): void;
  regenerate(messageId: string): void;
  continueAnswer(messageId: string): void;
  deletePair(messageId: string): void;
  /** An answer's Inspect menu: its API request or response, or the request as code; views without it show no menu. */
  inspect?(messageId: string, view: InspectView): void;
  selectBranch(parentId: string | null, childId: string): void;
  openLink(href: string): void;
  codeAction(action: CodeAction, code: string, language: string): void;
  /** Shows and opens a turn's attached files; views that never show attachments may leave it out. */
  attachments?: AttachmentLinks;
  /** The user's prices (claudeChat.pricing) over the built-in table, for each answer's cost. */
  priceOverrides?(): PriceOverrides;
  /** Tool rows' approval cards and file chips; views without it show tool calls without either. */
  tools?: ToolCallLinks;
  /** Runs the tool calls an answer left waiting (Stop, the round limit, a reload); views without it offer no Resume. */
  resumeTools?(messageId: string): void;
}

/** What answers an answer's tool calls: the results in the turn after it, and the host's state of the tool loop. */
export interface ToolRound {
  results: ReadonlyMap<string, ToolResultBlock>;
  calls: ReadonlyMap<string, ToolCallState>;
  /** The host may still answer calls without a result (the newest answer while the chat is busy). */
  pending: boolean;
}

const NO_TOOL_ROUND: ToolRound = { results: new Map(), calls: new Map(), pending: false };

/** Where this message sits among its siblings (the branches at its position). */
export interface BranchInfo {
  index: number;
  siblingIds: string[];
  /** True when nothing follows this message: Continue is offered only on the newest answer. */
  isLeaf: boolean;
}

/** One turn: a labelled region with its blocks, its actions, and, when it did not end normally, what happened. */
export class MessageView {
  readonly element: HTMLElement;
  /** Where the blocks go: the message's content, or the collapsed prompt of a code command's turn. */
  private readonly blocksElement: HTMLElement;
  /** What is shown of the message (hidden while it is edited). */
  private readonly content: HTMLElement;
  private readonly invocation: InvocationView | undefined;
  private readonly footer: HTMLElement;
  /** Under an answer whose tool calls were left waiting (Stop, a reload): says so and offers Resume. */
  private readonly toolNote: HTMLElement;
  private readonly blocks: (BlockView | undefined)[] = [];
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private revealed = false;
  private toolRound = NO_TOOL_ROUND;

  constructor(
    readonly message: ChatMessage,
    private readonly branch: BranchInfo,
    private readonly actions: MessageActions,
  ) {
    const who = message.role === 'user' ? 'You' : 'Claude';
    const headingId = `heading-${message.id}`;
    if (message.role === 'user' && message.invocation) {
      this.invocation = new InvocationView(message.id, message.invocation, messageText(message), () => this.revealBlocks());
      this.blocksElement = this.invocation.promptBody;
      this.content = this.invocation.element;
    } else {
      this.blocksElement = h('div', { className: 'blocks' });
      this.content = this.blocksElement;
    }
    this.footer = h('div', { className: 'message-footer' });
    this.toolNote = h('div', { className: 'tool-round-note', hidden: true });
    // A turn of tool results only is the host's, not the user's: its results show in the rows of the answer above.
    // It keeps a hidden element so the transcript's bookkeeping (branches, removal) treats it like any turn.
    this.element = isToolResultTurn(message)
      ? h('article', { className: 'message message-tool-results', hidden: true, 'data-message-id': message.id })
      : h(
          'article',
          { className: `message message-${message.role}`, 'aria-labelledby': headingId, 'data-message-id': message.id },
          h('div', { className: 'message-heading' }, h('h2', { className: 'message-author', id: headingId }, who), this.branchNavigator(), this.toolbar()),
          this.content,
          message.role === 'assistant' ? this.toolNote : '',
          this.footer,
        );
    message.blocks.forEach((_block, index) => this.startBlock(index));
    this.refreshStatus();
    // Not drawn yet: the browser skips its layout and reserves about its height (see .message in chat.css).
    if (!this.revealed) this.element.style.containIntrinsicSize = `auto ${estimateHeight(message)}px`;
  }

  get isRevealed(): boolean {
    return this.revealed;
  }

  /** Draws the content (Markdown, highlighting) the first time the message is near the viewport or streams. */
  reveal(): void {
    if (this.revealed) return;
    this.revealed = true;
    this.element.classList.add('is-revealed');
    this.revealBlocks();
  }

  /** A collapsed prompt is drawn when it is opened: it can be a whole file, and most are never opened. */
  private revealBlocks(): void {
    if (!this.revealed || this.invocation?.isOpen === false) return;
    for (const block of this.blocks) block?.reveal();
  }

  startBlock(index: number): void {
    const block = this.message.blocks[index];
    // Tool results show in the rows of the answer before this turn (the transcript hands them over).
    if (!block || block.type === 'tool_result') return;
    // A command's prompt is Markdown the command wrote (fenced code, paths): drawn as such, like an answer.
    const view = new BlockView(block, this.invocation ? 'assistant' : this.message.role, this.message.status === 'streaming', this.actions.attachments, this.actions.tools);
    const next = this.blocks.slice(index + 1).find((candidate) => candidate !== undefined);
    this.blocks[index]?.element.remove();
    // A new block means the one before it is complete (collapse its thinking, pretty-print its tool input).
    if (this.message.status === 'streaming') this.blocks[index - 1]?.finish();
    this.blocks[index] = view;
    this.blocksElement.insertBefore(view.element, next?.element ?? null);
    if (this.revealed && this.invocation?.isOpen !== false) view.reveal();
    if (view.toolCall) this.updateToolCalls();
  }

  /** The results and the host's state for this answer's tool calls (given again whenever either changes). */
  setToolRound(round: ToolRound): void {
    this.toolRound = round;
    this.updateToolCalls();
  }

  private updateToolCalls(): void {
    const { results, calls, pending } = this.toolRound;
    const streaming = this.message.status === 'streaming';
    const rows = this.blocks.flatMap((block) => (block?.toolCall ? [block.toolCall] : []));
    for (const row of rows) row.update({ result: results.get(row.toolUseId), call: calls.get(row.toolUseId), streaming, pending });
    // The round-limit error card offers Resume itself; this is for calls left waiting without one (Stop, a reload).
    const resumable = this.actions.resumeTools !== undefined && this.branch.isLeaf && awaitsToolResults(this.message) && !this.message.error && rows.every((row) => row.status === 'notRun' && !results.has(row.toolUseId));
    if (resumable === !this.toolNote.hidden) return;
    this.toolNote.hidden = !resumable;
    this.toolNote.replaceChildren(
      ...(resumable
        ? [
            h('span', { className: 'status status-note' }, rows.length === 1 ? 'This tool call was not run.' : 'These tool calls were not run.'),
            button('Resume', { icon: 'debug-continue', className: 'button secondary resume-tools', title: 'Ask for these tool calls again', onClick: () => this.actions.resumeTools?.(this.message.id) }),
          ]
        : []),
    );
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
    if (message.status !== 'streaming') for (const block of this.blocks) block?.finish();
    this.updateToolCalls();
    this.element.classList.toggle('is-streaming', message.status === 'streaming');
    this.element.classList.toggle('is-incomplete', message.status === 'failed' || message.status === 'stopped');
    this.element.setAttribute('aria-busy', String(message.status === 'streaming'));
    this.footer.replaceChildren(...this.statusNodes(), ...this.usageNodes());
  }

  dispose(): void {
    this.stopCountdown();
  }

  private toolbar(): HTMLElement {
    const id = this.message.id;
    const tools = h('div', { className: 'message-tools', role: 'toolbar', 'aria-label': 'Message actions' });
    if (this.message.role === 'user') {
      tools.append(
        iconButton('edit', 'Edit and resend', 'edit-message', () => this.startEditing()),
        iconButton('trash', 'Delete this question and its answer', 'delete-pair', () => this.actions.deletePair(id)),
      );
    } else if (this.message.streamingElsewhere === undefined) {
      // An answer another window is still streaming is that window's until it ends: nothing to regenerate here yet.
      tools.append(iconButton('refresh', 'Regenerate this answer', 'regenerate', () => this.actions.regenerate(id)));
    }
    const inspect = this.actions.inspect?.bind(this.actions);
    if (this.message.role === 'assistant' && inspect) tools.append(new InspectMenu(id, (view) => inspect(id, view)).element);
    return tools;
  }

  private branchNavigator(): HTMLElement | string {
    const { index, siblingIds } = this.branch;
    if (siblingIds.length < 2) return '';
    const go = (target: number) => () => this.actions.selectBranch(this.message.parentId, siblingIds[target]);
    const previous = iconButton('chevron-left', 'Previous version', 'branch-previous', go(index - 1));
    const next = iconButton('chevron-right', 'Next version', 'branch-next', go(index + 1));
    previous.disabled = index === 0;
    next.disabled = index === siblingIds.length - 1;
    return h('div', { className: 'branch-nav', role: 'group', 'aria-label': 'Versions' }, previous, h('span', { className: 'branch-position' }, `${index + 1} / ${siblingIds.length}`), next);
  }

  private startEditing(): void {
    const editor = h('textarea', { className: 'edit-input', rows: '3', 'aria-label': 'Edit your message' });
    editor.value = messageText(this.message);
    const finish = () => {
      form.remove();
      this.content.hidden = false;
    };
    const submit = () => {
      if (editor.value.trim().length === 0) return;
      this.actions.edit(this.message.id, editor.value);
      finish();
    };
    editor.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      } else if (event.key === 'Escape') {
        finish();
      }
    });
    const form = h(
      'div',
      { className: 'edit-form' },
      editor,
      h('div', { className: 'edit-actions' }, button('Cancel', { className: 'button secondary', onClick: finish }), button('Send', { icon: 'send', className: 'button edit-send', onClick: submit })),
    );
    this.content.hidden = true;
    this.content.after(form);
    editor.focus();
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
        // Another window is streaming it: what arrived so far is shown, and it is refreshed as that window saves.
        if (message.streamingElsewhere !== undefined) return [h('span', { className: 'status status-elsewhere' }, codicon('sync'), 'In progress in another window…')];
        return message.blocks.length === 0 ? [h('span', { className: 'status status-waiting' }, 'Waiting for Claude…')] : [];
      case 'stopped':
        return [h('span', { className: 'status status-stopped' }, 'Stopped. The answer is incomplete.'), button('Retry', { icon: 'refresh', className: 'button secondary', onClick: () => this.actions.retry() })];
      case 'failed':
        return [this.errorCard(message.error?.title ?? 'The answer failed.', message.blocks.length > 0 ? 'The partial answer above is kept and marked incomplete.' : undefined)];
      case 'complete':
        // A complete answer carries an error only when its tool loop stopped early (the round limit): Resume goes on.
        return message.error ? [this.errorCard(message.error.title), ...this.stopReasonNotes()] : this.stopReasonNotes();
    }
  }

  private errorCard(title: string, note?: string): HTMLElement {
    const error = this.message.error;
    const card = h('div', { className: 'error-card', role: 'alert' });
    card.append(h('div', { className: 'error-title' }, title));
    if (error?.detail) card.append(h('div', { className: 'error-detail' }, error.detail));
    if (error?.requestId) card.append(h('div', { className: 'error-meta' }, `Request id: ${error.requestId}`));
    if (note) card.append(h('div', { className: 'error-meta' }, note));
    card.append(h('div', { className: 'error-actions' }, ...(error?.actions ?? ['retry']).map((action) => this.actionButton(action))));
    return card;
  }

  /** What the finished answer used, as the API reported it; nothing while it streams, as the usage is not final. */
  private usageNodes(): Node[] {
    const { role, status, usage } = this.message;
    const cost = messageCost(this.message, this.actions.priceOverrides?.());
    return role === 'assistant' && status !== 'streaming' && usage && cost ? [usageLine(usage, cost)] : [];
  }

  private stopReasonNotes(): Node[] {
    switch (this.message.stopReason) {
      case 'max_tokens': {
        const note = h('span', { className: 'status status-note' }, 'The answer reached the max tokens limit (claudeChat.maxTokens).');
        if (!this.branch.isLeaf) return [note];
        return [note, button('Continue', { icon: 'debug-continue', className: 'button secondary continue-answer', onClick: () => this.actions.continueAnswer(this.message.id) })];
      }
      case 'refusal': {
        const { category, explanation } = this.message.refusal ?? { category: null, explanation: null };
        const note = h('div', { className: 'refusal-note', role: 'note' }, h('div', { className: 'refusal-title' }, `Claude declined to answer this request${category ? ` (${category.replace(/_/g, ' ')})` : ''}.`));
        if (explanation) note.append(h('div', { className: 'refusal-explanation' }, explanation));
        return [note];
      }
      case 'stop_sequence':
        return [h('span', { className: 'status status-note' }, 'Stopped at a stop sequence.')];
      case 'model_context_window_exceeded':
        return [h('span', { className: 'status status-note' }, 'The conversation filled the model’s context window; start a new chat to go on.')];
      default:
        return [];
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
      case 'pickModel':
        return button('Pick Model', { icon: 'sparkle', className: 'button pick-model', onClick: () => this.actions.run('changeModel') });
      case 'newChat':
        return button('New Chat', { icon: 'add', className: 'button secondary', onClick: () => this.actions.run('newChat') });
      case 'resumeTools':
        return button('Resume', { icon: 'debug-continue', className: 'button resume-tools', onClick: () => this.actions.resumeTools?.(this.message.id) });
    }
  }
}

/** A stand-in height for a message not drawn yet, so the scrollbar is about right before it is. */
function estimateHeight(message: ChatMessage): number {
  // A command's turn shows its heading and question; the prompt is collapsed.
  if (message.role === 'user' && message.invocation) return 80 + Math.ceil((message.invocation.question?.length ?? 0) / 70) * 20;
  const characters = message.blocks.reduce((sum, block) => sum + (block.type === 'text' ? block.text.length : block.type === 'attachment' || block.type === 'tool_result' ? 0 : 80), 0);
  // Attachments sit side by side above the text: one row of thumbnails (up to 200 px) or of file chips.
  const attached = message.blocks.filter((block) => block.type === 'attachment');
  const attachmentRow = attached.some((block) => block.attachment.kind === 'image') ? 210 : attached.length > 0 ? 34 : 0;
  return Math.min(4000, 60 + attachmentRow + Math.ceil(characters / 70) * 20);
}

function iconButton(icon: string, label: string, className: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', className: `icon-button ${className}`, title: label, 'aria-label': label }, codicon(icon));
  element.addEventListener('click', onClick);
  return element;
}
