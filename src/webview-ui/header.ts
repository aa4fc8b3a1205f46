import type { Conversation } from '../shared/conversation';
import type { ApiKeySource, WebviewAction } from '../shared/protocol';
import { button, codicon, h } from './dom';

export interface HeaderInfo {
  apiKeySource: ApiKeySource;
  customEndpoint?: string;
}

export interface HeaderActions {
  run(action: WebviewAction): void;
  newChat(): void;
  toggleHistory(): void;
}

const KEY_LABELS: Record<ApiKeySource, string> = {
  secretStorage: 'Key: secret storage',
  environment: 'Key: ANTHROPIC_API_KEY',
  none: 'No API key',
};

/**
 * The conversation's title, its model and system prompt (each changeable), which key and which endpoint are in use:
 * the user always sees what a message will be sent with, and where.
 */
export class Header {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly details: HTMLElement;
  private info: HeaderInfo = { apiKeySource: 'none' };
  private conversation: Pick<Conversation, 'title' | 'model' | 'systemPrompt'> = { title: '', model: '', systemPrompt: '' };

  constructor(private readonly actions: HeaderActions) {
    this.title = h('h1', { className: 'chat-title' });
    this.details = h('div', { className: 'header-details' });
    const tools = h(
      'div',
      { className: 'header-tools' },
      button('History', { icon: 'history', className: 'icon-button history-toggle', title: 'Conversation history', onClick: () => actions.toggleHistory() }),
      button('New chat', { icon: 'add', className: 'icon-button', title: 'New chat', onClick: () => actions.newChat() }),
    );
    this.element = h('header', { className: 'chat-header' }, h('div', { className: 'header-top' }, this.title, tools), this.details);
  }

  setConversation(conversation: Pick<Conversation, 'title' | 'model' | 'systemPrompt'>): void {
    this.conversation = conversation;
    this.render();
  }

  setInfo(info: HeaderInfo): void {
    this.info = info;
    this.render();
  }

  private render(): void {
    const { apiKeySource, customEndpoint } = this.info;
    this.title.textContent = this.conversation.title || 'New chat';
    const model = badgeButton('sparkle', this.conversation.model, 'Model of this conversation: click to change', 'model', () => this.actions.run('changeModel'));
    const prompt = badgeButton(
      'note',
      this.conversation.systemPrompt.trim() ? 'System prompt' : 'No system prompt',
      this.conversation.systemPrompt.trim() ? `System prompt of this conversation:\n${this.conversation.systemPrompt.slice(0, 400)}` : 'Add a system prompt to this conversation',
      'system-prompt',
      () => this.actions.run('editSystemPrompt'),
    );
    const key = h('span', { className: `badge key-${apiKeySource}`, title: keyTitle(apiKeySource) }, codicon('key'), KEY_LABELS[apiKeySource]);
    const parts: Node[] = [model, prompt, key];
    if (customEndpoint) parts.push(h('span', { className: 'badge endpoint', title: 'Requests go to this host (claudeChat.baseUrl)' }, codicon('globe'), customEndpoint));
    if (apiKeySource === 'none') parts.push(button('Set API Key', { icon: 'key', className: 'button small', onClick: () => this.actions.run('setApiKey') }));
    this.details.replaceChildren(...parts);
  }
}

function badgeButton(icon: string, label: string, title: string, className: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', className: `badge badge-button ${className}`, title }, codicon(icon), label);
  element.addEventListener('click', onClick);
  return element;
}

function keyTitle(source: ApiKeySource): string {
  switch (source) {
    case 'secretStorage':
      return 'Using the key stored in VS Code secret storage.';
    case 'environment':
      return 'No key is stored, so ANTHROPIC_API_KEY from the environment is used.';
    case 'none':
      return 'Set an API key to start chatting.';
  }
}
