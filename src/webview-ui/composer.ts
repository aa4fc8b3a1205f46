import type { ChatError } from '../shared/chatError';
import type { WebviewAction } from '../shared/protocol';
import { button, h } from './dom';

export interface ComposerCallbacks {
  send(text: string): void;
  stop(): void;
  draftChanged(text: string): void;
  run(action: WebviewAction): void;
}

/**
 * Where the user types. Enter sends, Shift+Enter starts a new line (and Enter while an IME is composing is left to
 * the IME). The text is cleared only when the host has taken it, so a refused send loses nothing.
 */
export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private busy = false;
  private pendingSend = false;

  constructor(private readonly callbacks: ComposerCallbacks) {
    this.input = h('textarea', { className: 'composer-input', rows: '3', placeholder: 'Ask Claude… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Message to Claude' });
    this.sendButton = button('Send', { icon: 'send', className: 'button send-button', onClick: () => this.trySend() });
    this.stopButton = button('Stop', { icon: 'debug-stop', className: 'button stop-button', onClick: () => callbacks.stop() });
    this.notice = h('div', { className: 'composer-notice', role: 'alert' });
    this.notice.hidden = true;
    this.element = h('footer', { className: 'composer' }, this.notice, this.input, h('div', { className: 'composer-actions' }, this.stopButton, this.sendButton));
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey) {
        event.preventDefault();
        this.trySend();
      }
    });
    this.input.addEventListener('input', () => {
      this.clearNotice();
      callbacks.draftChanged(this.input.value);
    });
    this.render();
  }

  get text(): string {
    return this.input.value;
  }

  setText(text: string): void {
    this.input.value = text;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  focus(): void {
    this.input.focus();
  }

  /** The host took the message. */
  accepted(): void {
    this.pendingSend = false;
    this.input.value = '';
    this.callbacks.draftChanged('');
    this.render();
  }

  /** The host refused: keep the text and say why. */
  rejected(error: ChatError): void {
    this.pendingSend = false;
    this.showNotice(error);
    this.render();
  }

  private trySend(): void {
    if (this.busy || this.pendingSend) return;
    const text = this.input.value;
    if (text.trim().length === 0) return;
    this.pendingSend = true;
    this.render();
    this.callbacks.send(text);
  }

  private showNotice(error: ChatError): void {
    const children: Node[] = [h('div', { className: 'notice-title' }, error.title), h('div', { className: 'notice-detail' }, error.detail)];
    if (error.actions.includes('setApiKey')) children.push(button('Set API Key', { icon: 'key', onClick: () => this.callbacks.run('setApiKey') }));
    this.notice.replaceChildren(...children);
    this.notice.hidden = false;
  }

  private clearNotice(): void {
    if (this.notice.hidden) return;
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }

  private render(): void {
    this.stopButton.hidden = !this.busy;
    this.sendButton.hidden = this.busy;
    this.sendButton.disabled = this.pendingSend;
  }
}
