import type { BlockDelta, ChatBlock } from '../shared/conversation';
import { h } from './dom';

/**
 * One content block on screen. Streaming appends to a Text node, so a delta costs its own length, not the block's.
 * Everything is text content: model output is never parsed as HTML here.
 */
export class BlockView {
  readonly element: HTMLElement;
  private readonly body: Text;

  constructor(block: ChatBlock) {
    switch (block.type) {
      case 'text':
        this.body = document.createTextNode(block.text);
        this.element = h('div', { className: 'block block-text' }, this.body);
        break;
      case 'thinking': {
        this.body = document.createTextNode(block.thinking);
        this.element = h('details', { className: 'block block-thinking' }, h('summary', {}, 'Thinking'), h('div', { className: 'thinking-body' }, this.body));
        break;
      }
      case 'redacted_thinking':
        this.body = document.createTextNode('');
        this.element = h('div', { className: 'block block-placeholder' }, 'Thinking (redacted by the API)', this.body);
        break;
      case 'tool_use':
        this.body = document.createTextNode(block.inputJson);
        this.element = h('div', { className: 'block block-tool' }, h('div', { className: 'tool-name' }, `Tool call: ${block.name}`), h('pre', {}, this.body));
        break;
      case 'unknown':
        this.body = document.createTextNode('');
        this.element = h('div', { className: 'block block-placeholder' }, `Unsupported content (${block.originalType})`, this.body);
        break;
    }
  }

  append(delta: BlockDelta): void {
    if (delta.type === 'text' || delta.type === 'thinking') this.body.appendData(delta.text);
    else if (delta.type === 'inputJson') this.body.appendData(delta.json);
  }
}
