import type { Invocation } from '../shared/conversation';
import { codicon, h } from './dom';

/**
 * Prompts opened on this page, by message id: the transcript rebuilds message views (a branch switch, the turn after
 * it arriving), and a prompt the user opened to read must not snap shut under them.
 */
const openPrompts = new Set<string>();

/**
 * A code command's turn shown as what the user did: "Explain `src/foo.ts:12–30`", their question, and the prompt
 * it was sent as collapsed under it (mostly code the user already has in the editor). The command, target and
 * question are set as text only: a file name or a question can hold anything.
 */
export class InvocationView {
  readonly element: HTMLElement;
  /** Where the message's blocks (the full prompt) go. */
  readonly promptBody: HTMLElement;
  private readonly details: HTMLDetailsElement;

  /** `onOpen` runs whenever the prompt is opened, so its content can be drawn only once someone looks at it. */
  constructor(messageId: string, invocation: Invocation, promptText: string, onOpen: () => void) {
    const title = h(
      'p',
      { className: 'invocation-title' },
      codicon('sparkle'),
      h('span', { className: 'invocation-command' }, invocation.command),
      ' ',
      h('code', { className: 'invocation-target' }, invocation.target),
    );
    const question = invocation.question?.trim() ? h('p', { className: 'invocation-question' }, invocation.question) : '';
    this.promptBody = h('div', { className: 'invocation-prompt-body' });
    const lines = promptText.length === 0 ? 0 : promptText.split('\n').length;
    this.details = h(
      'details',
      { className: 'invocation-prompt' },
      h('summary', {}, hasCodeFence(promptText) ? 'Code sent' : 'Prompt sent', h('span', { className: 'invocation-size' }, ` (${lines} ${lines === 1 ? 'line' : 'lines'})`)),
      this.promptBody,
    );
    this.details.open = openPrompts.has(messageId);
    this.details.addEventListener('toggle', () => {
      if (!this.details.open) {
        openPrompts.delete(messageId);
        return;
      }
      openPrompts.add(messageId);
      onOpen();
    });
    this.element = h('div', { className: 'blocks invocation' }, title, question, this.details);
  }

  get isOpen(): boolean {
    return this.details.open;
  }
}

/** Whether the prompt carries code (a fence opening a line), to name the summary after what is mostly in it. */
function hasCodeFence(text: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})/m.test(text);
}
