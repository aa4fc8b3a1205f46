/**
 * Browser side of errorCard.test.ts (bundled by it with esbuild, run in Chromium): renders one failed answer with the
 * real MessageView, and records what its error card's buttons ask the host to do.
 */
import type { ChatMessage } from '../../../src/shared/conversation';
import type { WebviewAction } from '../../../src/shared/protocol';
import { MessageView } from '../../../src/webview-ui/messageView';

export interface ErrorCardApi {
  /** Renders the message; returns the error card's button labels, in order. */
  render(message: ChatMessage): string[];
  /** Clicks the card's button with this label; returns what was asked of the host since the render. */
  click(label: string): string[];
}

let asked: string[] = [];
const noop = () => undefined;
const actions = {
  retry: () => asked.push('retry'),
  run: (action: WebviewAction) => asked.push(`run:${action}`),
  edit: noop,
  regenerate: noop,
  continueAnswer: noop,
  deletePair: noop,
  selectBranch: noop,
  openLink: noop,
  codeAction: noop,
};

const buttons = () => [...document.querySelectorAll<HTMLButtonElement>('.error-card .error-actions button')];

const api: ErrorCardApi = {
  render(message) {
    asked = [];
    const view = new MessageView(message, { index: 0, siblingIds: [message.id], isLeaf: true }, actions);
    document.getElementById('root')!.replaceChildren(view.element);
    view.reveal();
    return buttons().map((button) => button.textContent?.trim() ?? '');
  },

  click(label) {
    buttons()
      .find((button) => button.textContent?.trim() === label)
      ?.click();
    return asked;
  },
};

(window as unknown as { errorCardPage: ErrorCardApi }).errorCardPage = api;
