import type { InspectView } from '../shared/protocol';
import { codicon, h } from './dom';
import { handleMenuKey } from './menuKeys';

/** The Inspect menu's entries, in order. */
export const INSPECT_MENU_ITEMS: readonly { view: InspectView; label: string; icon: string }[] = [
  { view: 'request', label: 'Show Request', icon: 'json' },
  { view: 'response', label: 'Show Response', icon: 'json' },
  { view: 'curl', label: 'Copy as curl', icon: 'terminal' },
  { view: 'typescript', label: 'Copy as TypeScript (SDK)', icon: 'copy' },
  { view: 'python', label: 'Copy as Python (SDK)', icon: 'copy' },
];

/**
 * An answer's Inspect button and its menu (the API request and response, or the request as code), operable from the
 * keyboard as a WAI-ARIA menu button: Enter, Space or ArrowDown open it on the first entry, ArrowUp on the last;
 * arrows, Home and End move; Escape closes it and gives focus back to the button; Tab or a click elsewhere closes it.
 */
export class InspectMenu {
  readonly element: HTMLElement;
  private readonly trigger: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];
  private readonly closeOnOutsidePointer = (event: PointerEvent) => {
    if (!this.element.contains(event.target as Node)) this.close(false);
  };

  constructor(messageId: string, onPick: (view: InspectView) => void) {
    const menuId = `inspect-menu-${messageId}`;
    this.trigger = h(
      'button',
      { type: 'button', className: 'icon-button inspect', title: 'Inspect the API request and response', 'aria-label': 'Inspect the API request and response', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': menuId },
      codicon('json'),
    );
    this.items = INSPECT_MENU_ITEMS.map(({ view, label, icon }) => {
      const item = h('button', { type: 'button', className: 'inspect-menu-item', role: 'menuitem', tabindex: '-1', 'data-view': view }, codicon(icon), h('span', {}, label));
      item.addEventListener('click', () => {
        this.close(true);
        onPick(view);
      });
      return item;
    });
    this.menu = h('div', { className: 'inspect-menu', id: menuId, role: 'menu', 'aria-label': 'Inspect' }, ...this.items);
    this.menu.hidden = true;
    this.element = h('div', { className: 'inspect-anchor' }, this.trigger, this.menu);

    this.trigger.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open(0)));
    this.trigger.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.open(event.key === 'ArrowDown' ? 0 : this.items.length - 1);
      }
    });
    this.menu.addEventListener('keydown', (event) => this.onMenuKey(event));
    // Tab (or anything else) taking focus out of the menu closes it, as a menu does.
    this.element.addEventListener('focusout', (event) => {
      if (this.isOpen && !this.element.contains(event.relatedTarget as Node | null)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.menu.hidden;
  }

  open(focusIndex: number): void {
    this.menu.hidden = false;
    this.trigger.setAttribute('aria-expanded', 'true');
    this.element.ownerDocument.addEventListener('pointerdown', this.closeOnOutsidePointer, true);
    this.items[focusIndex]?.focus();
  }

  close(focusTrigger: boolean): void {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
    this.element.ownerDocument.removeEventListener('pointerdown', this.closeOnOutsidePointer, true);
    if (focusTrigger) this.trigger.focus();
  }

  private onMenuKey(event: KeyboardEvent): void {
    handleMenuKey(event, this.items, () => this.close(true));
  }
}
