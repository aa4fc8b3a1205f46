import { isBase64, isImageMediaType, type ChatBlock, type Role } from '../shared/conversation';
import { type BlockDelta } from '../shared/conversationReducer';
import { transcriptAttachment, type AttachmentLinks } from './attachmentChips';
import { decorateCodeBlocks } from './markdown/codeTools';
import { renderNextFrame, type Renderable } from './markdown/frameScheduler';
import { markdown } from './markdown/instance';
import { StreamingMarkdown } from './markdown/streamingMarkdown';
import { h } from './dom';
import { ToolCallView, type ToolCallLinks } from './toolCallView';

/**
 * One content block on screen. Assistant text is Markdown (rendered incrementally, once per frame); everything else
 * is text content: a user's message is shown exactly as typed, and model output never reaches the page as raw HTML.
 * Nothing is drawn until the block is revealed (scrolled into view or streaming), so long conversations open fast.
 */
export class BlockView implements Renderable {
  readonly element: HTMLElement;
  /** A tool call's row (its result and card are set by the message, from the turn after it and the host's state). */
  readonly toolCall: ToolCallView | undefined;
  private readonly markdownView: StreamingMarkdown | undefined;
  private readonly body: Text | undefined;
  private revealed = false;
  /** The block is complete: render it as such (a loaded message is complete from the start). */
  private finished: boolean;
  private thinkingStartedAt: number | undefined;

  constructor(
    private readonly block: ChatBlock,
    role: Role,
    live: boolean,
    /** How attachment chips show and open their files; without it they show as plain file chips. */
    attachments?: AttachmentLinks,
    /** How a tool row's card and file chip reach the host; without it rows show no card and no chip. */
    tools?: ToolCallLinks,
  ) {
    this.finished = !live;
    switch (block.type) {
      case 'text':
        if (role === 'assistant') {
          this.markdownView = new StreamingMarkdown(markdown(), decorateCodeBlocks, block.text);
          this.element = h('div', { className: 'block block-markdown' }, this.markdownView.element);
        } else {
          this.body = document.createTextNode(block.text);
          this.element = h('div', { className: 'block block-text' }, this.body);
        }
        break;
      case 'thinking': {
        this.body = document.createTextNode(block.thinking);
        this.thinkingStartedAt = live ? Date.now() : undefined;
        const details = h('details', { className: 'block block-thinking' }, h('summary', {}, live ? 'Thinking…' : 'Thought'), h('div', { className: 'thinking-body' }, this.body));
        details.open = live;
        this.element = details;
        break;
      }
      case 'redacted_thinking':
        this.element = h('div', { className: 'block block-placeholder' }, 'Thinking (redacted by the API)');
        break;
      case 'tool_use':
        this.toolCall = new ToolCallView(block, live, tools);
        this.element = this.toolCall.element;
        break;
      case 'tool_result':
        // Shown in the row of the call it answers (the message before); nothing of it shows here.
        this.element = h('div', { className: 'block block-tool-result', hidden: true });
        break;
      case 'image':
        this.element = imageThumbnail(block);
        break;
      case 'attachment':
        this.element = transcriptAttachment(block.attachment, attachments ?? UNLINKED);
        break;
      case 'unknown':
        this.element = h('div', { className: 'block block-placeholder' }, `Unsupported content (${block.originalType})`);
        break;
    }
  }

  /** Draws the block the first time it is needed. */
  reveal(): void {
    if (this.revealed) return;
    this.revealed = true;
    this.markdownView?.render(this.finished);
  }

  append(delta: BlockDelta): void {
    if (delta.type === 'text' && this.markdownView) {
      this.markdownView.append(delta.text);
      if (this.revealed) renderNextFrame(this);
    } else if (delta.type === 'text' || delta.type === 'thinking') {
      this.body?.appendData(delta.text);
    } else if (delta.type === 'inputJson') {
      this.toolCall?.appendInput(delta.json);
    }
  }

  render(): void {
    this.markdownView?.render();
  }

  /** The block is complete (the next one started, or the answer ended). */
  finish(): void {
    this.finished = true;
    if (this.revealed) this.markdownView?.render(true);
    if (this.block.type === 'thinking' && this.element instanceof HTMLDetailsElement && this.thinkingStartedAt !== undefined) {
      const seconds = Math.max(1, Math.round((Date.now() - this.thinkingStartedAt) / 1000));
      this.element.open = false;
      this.element.querySelector('summary')!.textContent = `Thought for ${seconds} s`;
      this.thinkingStartedAt = undefined;
    }
    this.toolCall?.finishInput();
  }
}

/** Where no links were given (a view outside the chat): chips show no thumbnail and do nothing when clicked. */
const UNLINKED: AttachmentLinks = { imageSource: () => undefined, open: () => undefined };

/** An attached image as a thumbnail; click (or Enter) toggles its full size. Inline data only, checked again here. */
function imageThumbnail(block: Extract<ChatBlock, { type: 'image' }>): HTMLElement {
  if (!isImageMediaType(block.mediaType) || !isBase64(block.data)) return h('div', { className: 'block block-placeholder' }, 'Image (unreadable)');
  const image = h('img', { className: 'attachment-image', alt: `Attached image (${block.mediaType})`, src: `data:${block.mediaType};base64,${block.data}` });
  const toggle = h('button', { type: 'button', className: 'block block-image', title: 'Click to enlarge', 'aria-expanded': 'false' }, image);
  toggle.addEventListener('click', () => {
    const enlarged = toggle.classList.toggle('is-enlarged');
    toggle.setAttribute('aria-expanded', String(enlarged));
    toggle.title = enlarged ? 'Click to shrink' : 'Click to enlarge';
  });
  return toggle;
}
