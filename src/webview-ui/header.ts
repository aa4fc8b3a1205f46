import type { ApiKeySource, WebviewAction } from '../shared/protocol';
import { button, codicon, h } from './dom';

export interface HeaderInfo {
  apiKeySource: ApiKeySource;
  model: string;
  customEndpoint?: string;
}

const KEY_LABELS: Record<ApiKeySource, string> = {
  secretStorage: 'Key: secret storage',
  environment: 'Key: ANTHROPIC_API_KEY',
  none: 'No API key',
};

/** Which model, which key and which endpoint are in use: the user always sees where their key goes. */
export class Header {
  readonly element: HTMLElement;
  private readonly details: HTMLElement;

  constructor(
    private readonly run: (action: WebviewAction) => void,
    newChat: () => void,
  ) {
    this.details = h('div', { className: 'header-details' });
    this.element = h(
      'header',
      { className: 'chat-header' },
      this.details,
      button('New chat', { icon: 'add', className: 'icon-button', title: 'New chat', onClick: newChat }),
    );
  }

  update(info: HeaderInfo): void {
    const key = h('span', { className: `badge key-${info.apiKeySource}`, title: keyTitle(info.apiKeySource) }, codicon('key'), KEY_LABELS[info.apiKeySource]);
    const parts: Node[] = [h('span', { className: 'badge model', title: 'Model (claudeChat.model)' }, codicon('sparkle'), info.model), key];
    if (info.customEndpoint) {
      parts.push(h('span', { className: 'badge endpoint', title: 'Requests go to this host (claudeChat.baseUrl)' }, codicon('globe'), info.customEndpoint));
    }
    if (info.apiKeySource === 'none') parts.push(button('Set API Key', { icon: 'key', className: 'button small', onClick: () => this.run('setApiKey') }));
    this.details.replaceChildren(...parts);
  }
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
