import { codicon, h } from './dom';

const TOGGLE_LABEL = "Start Claude's answer with text you write (prefill)";

/**
 * The optional start of the next answer (a prefill): Claude continues from it, which is how the tutorials get bare
 * JSON (`{`) or a fixed format. Hidden behind a toggle; it applies to the next answer only and is cleared once sent.
 */
export class PrefillField {
  readonly toggle: HTMLButtonElement;
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;

  constructor(onSubmit: () => void) {
    this.toggle = h('button', { type: 'button', className: 'icon-button prefill-toggle', title: TOGGLE_LABEL, 'aria-label': TOGGLE_LABEL, 'aria-pressed': 'false' }, codicon('quote'));
    this.input = h('textarea', {
      className: 'prefill-input',
      rows: '1',
      placeholder: 'Answer starts with… (e.g. {)',
      'aria-label': 'Start of the answer (prefill)',
    });
    this.element = h('div', { className: 'prefill-row' }, h('span', { className: 'prefill-label' }, codicon('quote'), 'Answer starts with'), this.input);
    this.element.hidden = true;
    this.toggle.addEventListener('click', () => this.setOpen(this.element.hidden === true));
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey) {
        event.preventDefault();
        onSubmit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.setOpen(false);
      }
    });
  }

  /** The prefill to send, or undefined when the field is closed or holds only whitespace. */
  get value(): string | undefined {
    if (this.element.hidden) return undefined;
    return this.input.value.trim().length > 0 ? this.input.value : undefined;
  }

  /** The answer was asked for: the prefill was for it only. */
  clear(): void {
    this.input.value = '';
    this.setOpen(false);
  }

  private setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-pressed', String(open));
    this.toggle.classList.toggle('active', open);
    if (open) this.input.focus();
  }
}
