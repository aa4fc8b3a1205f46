/**
 * Browser side of inspectMenu.test.ts (bundled by it with esbuild, run in Chromium): one question and one answer
 * drawn by the real MessageView, with an `inspect` action that records what the Inspect menu asked for.
 */
import type { ChatMessage } from '../../../src/shared/conversation';
import type { InspectView } from '../../../src/shared/protocol';
import { MessageView, type MessageActions } from '../../../src/webview-ui/messageView';

export interface InspectMenuPageApi {
  /** Draws the two messages, with chat.css when given; `withInspect: false` leaves the action out. */
  render(options: { css?: string; withInspect?: boolean }): void;
  /** What the menu asked for so far, in order. */
  picked(): { messageId: string; view: InspectView }[];
}

const noop = () => undefined;
const picks: { messageId: string; view: InspectView }[] = [];

const question: ChatMessage = { id: 'q1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'Hello?' }], status: 'complete', createdAt: 1 };
const answer: ChatMessage = { id: 'a1', parentId: 'q1', role: 'assistant', blocks: [{ type: 'text', text: 'Hi.' }], status: 'complete', createdAt: 2 };

const api: InspectMenuPageApi = {
  render({ css, withInspect = true }) {
    if (css !== undefined) {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    }
    const actions: MessageActions = { retry: noop, run: noop, edit: noop, regenerate: noop, continueAnswer: noop, deletePair: noop, selectBranch: noop, openLink: noop, codeAction: noop };
    if (withInspect) actions.inspect = (messageId, view) => picks.push({ messageId, view });
    const views = [question, answer].map((message) => new MessageView(message, { index: 0, siblingIds: [message.id], isLeaf: true }, actions));
    const outside = document.createElement('p');
    outside.className = 'outside';
    outside.textContent = 'Somewhere else';
    document.getElementById('root')!.replaceChildren(...views.map((view) => view.element), outside);
    views.forEach((view) => view.reveal());
  },
  picked: () => [...picks],
};

(window as unknown as { inspectMenuPage: InspectMenuPageApi }).inspectMenuPage = api;
