import type { GaugeReading } from '../shared/contextGauge';
import type { Conversation } from '../shared/conversation';
import type { ApiKeySource, WebviewAction } from '../shared/protocol';
import { ContextGauge } from './contextGauge';
import { button, codicon, h } from './dom';
import { handleMenuKey } from './menuKeys';

/**
 * Where the key comes from (`invalid`: the API refused it) and the endpoint when it is not Anthropic's. `invalid` is
 * named here as well as in ApiKeySource's host side, so the header handles it whichever way the host reports it.
 */
export interface HeaderInfo {
  apiKeySource: ApiKeySource | 'invalid';
  customEndpoint?: string;
  /** The conversation's model is retired or gone from the endpoint's list. */
  modelNotice?: string;
}

export interface HeaderActions {
  run(action: WebviewAction): void;
  newChat(): void;
  toggleHistory(): void;
}

type HeaderConversation = Pick<Conversation, 'title' | 'model' | 'systemPrompt'>;

/** The overflow menu's entries, in order; the system prompt's label says whether one is set. */
const MENU_ITEMS: readonly { action: WebviewAction; label: string; icon: string }[] = [
  { action: 'editSystemPrompt', label: 'System Prompt…', icon: 'note' },
  { action: 'changeModel', label: 'Change Model…', icon: 'sparkle' },
  { action: 'answerSettings', label: 'Answer Settings…', icon: 'settings' },
  { action: 'exportConversation', label: 'Export Conversation…', icon: 'export' },
  { action: 'importConversation', label: 'Import Conversation…', icon: 'cloud-download' },
  { action: 'openSettings', label: 'Settings', icon: 'gear' },
];

/**
 * One line in a narrow sidebar: the conversation's title, its model (click to change), how full the model's context
 * window will be with the next message, and the tools (more…, history, new chat). The key and the endpoint live in
 * the status bar; a second row appears only when they need the user: no key, a refused key, or a host that is not
 * Anthropic's (where the key goes is always shown).
 */
export class Header {
  readonly element: HTMLElement;
  readonly gauge = new ContextGauge();
  private readonly title: HTMLElement;
  private readonly model: HTMLButtonElement;
  private readonly modelName: HTMLElement;
  private readonly more: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];
  private readonly notice: HTMLElement;
  private info: HeaderInfo = { apiKeySource: 'none' };
  private conversation: HeaderConversation = { title: '', model: '', systemPrompt: '' };

  constructor(private readonly actions: HeaderActions) {
    this.title = h('h1', { className: 'chat-title' });
    this.modelName = h('span', { className: 'model-name' });
    this.model = h('button', { type: 'button', className: 'model-button' }, this.modelName, codicon('chevron-down'));
    this.model.addEventListener('click', () => actions.run('changeModel'));

    this.more = h('button', { type: 'button', className: 'icon-button header-more', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'header-menu' }, codicon('ellipsis'), h('span', { className: 'button-label' }, 'More actions'));
    this.items = MENU_ITEMS.map(({ action, label, icon }) => {
      const item = h('button', { type: 'button', className: 'header-menu-item', role: 'menuitem', tabindex: '-1', 'data-action': action }, codicon(icon), h('span', { className: 'menu-label' }, label));
      item.addEventListener('click', () => {
        this.closeMenu(true);
        actions.run(action);
      });
      return item;
    });
    this.menu = h('div', { className: 'header-menu', id: 'header-menu', role: 'menu', 'aria-label': 'More actions' }, ...this.items);
    this.menu.hidden = true;
    this.more.addEventListener('click', () => (this.menu.hidden ? this.openMenu(0) : this.closeMenu(true)));
    this.more.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      this.openMenu(event.key === 'ArrowDown' ? 0 : this.items.length - 1);
    });
    this.menu.addEventListener('keydown', (event) => this.onMenuKey(event));
    const moreAnchor = h('div', { className: 'header-more-anchor' }, this.more, this.menu);
    // Focus leaving the menu (Tab, a click elsewhere) closes it, as a menu does.
    moreAnchor.addEventListener('focusout', (event) => {
      if (!this.menu.hidden && !moreAnchor.contains(event.relatedTarget as Node | null)) this.closeMenu(false);
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.menu.hidden && !moreAnchor.contains(event.target as Node)) this.closeMenu(false);
    });

    const tools = h(
      'div',
      { className: 'header-tools' },
      moreAnchor,
      button('History', { icon: 'history', className: 'icon-button history-toggle', title: 'Conversation history', onClick: () => actions.toggleHistory() }),
      button('New chat', { icon: 'add', className: 'icon-button new-chat', title: 'New chat', onClick: () => actions.newChat() }),
    );
    this.notice = h('div', { className: 'header-notice', role: 'status' });
    this.element = h('header', { className: 'chat-header' }, h('div', { className: 'header-bar' }, this.title, this.model, this.gauge.element, tools), this.notice);
    this.render();
  }

  setConversation(conversation: HeaderConversation): void {
    this.conversation = conversation;
    this.render();
  }

  setInfo(info: HeaderInfo): void {
    this.info = { apiKeySource: info.apiKeySource, customEndpoint: info.customEndpoint, modelNotice: info.modelNotice };
    this.renderNotice();
  }

  setGauge(reading: GaugeReading | undefined): void {
    this.gauge.set(reading);
  }

  private render(): void {
    const { title, model, systemPrompt } = this.conversation;
    this.title.textContent = title || 'New chat';
    this.title.title = title || 'New chat';
    this.modelName.textContent = shortModelName(model) || 'Model';
    this.model.title = model ? `Model of this conversation: ${model}. Click to change.` : 'Choose the model of this conversation';
    this.model.setAttribute('aria-label', model ? `Model: ${model}. Change model` : 'Choose model');
    const hasPrompt = systemPrompt.trim().length > 0;
    this.more.title = hasPrompt ? `More actions. System prompt of this conversation:\n${systemPrompt.slice(0, 400)}` : 'More actions: system prompt, answer settings, export, import';
    const promptItem = this.items[MENU_ITEMS.findIndex((item) => item.action === 'editSystemPrompt')];
    promptItem.title = hasPrompt ? systemPrompt.slice(0, 400) : 'Add a system prompt to this conversation';
    const label = promptItem.querySelector('.menu-label');
    if (label) label.textContent = hasPrompt ? 'Edit System Prompt…' : 'Add System Prompt…';
    this.renderNotice();
  }

  private renderNotice(): void {
    const { apiKeySource, customEndpoint, modelNotice } = this.info;
    const parts: Node[] = [];
    if (modelNotice) {
      parts.push(h('span', { className: 'notice-item notice-model', title: modelNotice }, codicon('warning'), h('span', { className: 'notice-text' }, modelNotice)));
      parts.push(button('Pick Model', { icon: 'sparkle', className: 'button small pick-model', onClick: () => this.actions.run('changeModel') }));
    }
    if (apiKeySource === 'none' || apiKeySource === 'invalid') {
      const text = apiKeySource === 'none' ? 'No API key.' : 'The API key was refused.';
      const title = apiKeySource === 'none' ? 'Set an API key to start chatting. It is kept in VS Code secret storage.' : 'The API answered 401 to this key: it is wrong, revoked or expired. Set another one.';
      parts.push(h('span', { className: `notice-item notice-key key-${apiKeySource}`, title }, codicon(apiKeySource === 'none' ? 'key' : 'error'), text));
      parts.push(button('Set API Key', { icon: 'key', className: 'button small set-api-key', onClick: () => this.actions.run('setApiKey') }));
    }
    if (customEndpoint) {
      const key = apiKeySource === 'environment' ? ' (key from ANTHROPIC_API_KEY)' : '';
      parts.push(
        h(
          'span',
          { className: 'notice-item notice-endpoint', title: `Requests, and your API key, go to ${customEndpoint} (claudeChat.baseUrl), not to Anthropic's API.` },
          codicon('globe'),
          h('span', { className: 'notice-text' }, `Endpoint: ${customEndpoint}${key}`),
        ),
      );
    }
    this.notice.replaceChildren(...parts);
    this.notice.hidden = parts.length === 0;
  }

  private openMenu(index: number): void {
    this.menu.hidden = false;
    this.more.setAttribute('aria-expanded', 'true');
    this.items[index]?.focus();
  }

  private closeMenu(focusButton: boolean): void {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    this.more.setAttribute('aria-expanded', 'false');
    if (focusButton) this.more.focus();
  }

  private onMenuKey(event: KeyboardEvent): void {
    handleMenuKey(event, this.items, () => this.closeMenu(true));
  }
}

/**
 * What fits the header: "Sonnet 5.5" for claude-sonnet-5-5 (and its dated snapshots), "Sonnet 3.5" for
 * claude-3-5-sonnet-…; any other id as it is (the button's tooltip always has the full id).
 */
export function shortModelName(model: string): string {
  const id = model.replace(/^claude-/, '').replace(/-(\d{8}|latest)$/, '');
  const familyFirst = /^([a-z]+)-(\d+)(?:-(\d{1,2}))?$/.exec(id);
  if (familyFirst) return `${capitalize(familyFirst[1])} ${familyFirst[2]}${familyFirst[3] ? `.${familyFirst[3]}` : ''}`;
  const versionFirst = /^(\d+)(?:-(\d{1,2}))?-([a-z]+)$/.exec(id);
  if (versionFirst) return `${capitalize(versionFirst[3])} ${versionFirst[1]}${versionFirst[2] ? `.${versionFirst[2]}` : ''}`;
  return model;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
