import { attachmentFileName, type Attachment } from '../shared/attachment';
import type { ComposerAttachment } from '../shared/protocol';
import { codicon, h } from './dom';

/** How a chip reaches its file: where a stored image is shown from, and how a click asks the host to open it. */
export interface AttachmentLinks {
  /** The webview URI of a stored image, or undefined while the host has not said where the store is. */
  imageSource(attachment: Attachment): string | undefined;
  open(sha256: string): void;
}

/**
 * A stored image's address: the store folder as the host gave it (asWebviewUri, so VS Code reads it from disk) and
 * the stored file's name. Never a network URL, and never the bytes copied into the page.
 */
export function attachmentImageSource(baseUri: string, attachment: Pick<Attachment, 'sha256' | 'mediaType'>): string | undefined {
  if (baseUri.length === 0) return undefined;
  return `${baseUri.replace(/\/+$/, '')}/${attachmentFileName(attachment)}`;
}

const NUMBER = new Intl.NumberFormat('en-US');

/** "1,234 tokens" when counted by the API, "≈1,234 tokens" when it is the documented estimate. */
export function tokenLabel(tokens: number, counted: boolean): string {
  return `${counted ? '' : '≈'}${NUMBER.format(tokens)} tokens`;
}

/** What the chip says under the name: pages of a PDF, then what it costs. */
export function attachmentDetails(attachment: Attachment): string {
  const parts: string[] = [];
  if (attachment.kind === 'pdf' && attachment.pages !== undefined) parts.push(attachment.pages === 1 ? '1 page' : `${NUMBER.format(attachment.pages)} pages`);
  if (attachment.tokens !== undefined) parts.push(tokenLabel(attachment.tokens, attachment.tokensCounted === true));
  return parts.join(' · ');
}

/** The chip's tooltip: the name, the image's size, and that it was downscaled (the model sees the smaller one). */
export function attachmentTitle(attachment: Attachment): string {
  const lines = [attachment.name];
  if (attachment.width !== undefined && attachment.height !== undefined) {
    const size = `${attachment.width}×${attachment.height}`;
    lines.push(attachment.original ? `${size}, downscaled from ${attachment.original.width}×${attachment.original.height}` : size);
  }
  const details = attachmentDetails(attachment);
  if (details) lines.push(details);
  return lines.join('\n');
}

/** The sum of what the ready attachments cost; `counted` only when every one of them was counted by the API. */
export function totalTokens(items: readonly ComposerAttachment[]): { tokens: number; counted: boolean } | undefined {
  let tokens = 0;
  let counted = true;
  let any = false;
  for (const item of items) {
    if (item.state !== 'ready') continue;
    if (item.attachment.tokens === undefined) {
      counted = false;
      continue;
    }
    any = true;
    tokens += item.attachment.tokens;
    if (item.attachment.tokensCounted !== true) counted = false;
  }
  return any ? { tokens, counted } : undefined;
}

const KIND_ICONS: Record<Attachment['kind'], string> = { image: 'file-media', pdf: 'file-pdf', text: 'file' };

/** A thumbnail of a stored image, or the kind's icon (not an image, store unknown, or the file gone). */
function preview(attachment: Attachment, links: AttachmentLinks, lazy: boolean): HTMLElement {
  const source = attachment.kind === 'image' ? links.imageSource(attachment) : undefined;
  if (source === undefined) return codicon(KIND_ICONS[attachment.kind]);
  const image = h('img', { className: 'attachment-thumb', alt: '', src: source, loading: lazy ? 'lazy' : undefined, decoding: 'async' });
  // A stored file that is gone (cleaned up, another machine) shows the icon rather than a broken image.
  image.addEventListener('error', () => image.replaceWith(codicon(KIND_ICONS[attachment.kind])), { once: true });
  return image;
}

/** A chip of the composer: preview, name (click opens it), what it costs, and a remove button. */
function readyComposerChip(attachment: Attachment, links: AttachmentLinks, remove: () => void): HTMLElement {
  const name = h('button', { type: 'button', className: 'attachment-name', title: attachmentTitle(attachment) }, attachment.name);
  name.addEventListener('click', () => links.open(attachment.sha256));
  const details = attachmentDetails(attachment);
  return h(
    'div',
    { className: `attachment-chip is-${attachment.kind}`, role: 'listitem', title: attachmentTitle(attachment) },
    preview(attachment, links, false),
    name,
    details ? h('span', { className: 'attachment-details' }, details) : '',
    removeButton(attachment.name, remove),
  );
}

function preparingComposerChip(name: string, remove: () => void): HTMLElement {
  const spinner = codicon('loading');
  spinner.classList.add('codicon-modifier-spin');
  return h(
    'div',
    { className: 'attachment-chip is-preparing', role: 'listitem', 'aria-busy': 'true', title: `${name}\nPreparing…` },
    spinner,
    h('span', { className: 'attachment-name' }, name),
    h('span', { className: 'attachment-details' }, 'Preparing…'),
    removeButton(name, remove),
  );
}

function removeButton(name: string, remove: () => void): HTMLButtonElement {
  const label = `Remove ${name}`;
  const element = h('button', { type: 'button', className: 'icon-button attachment-remove', title: label, 'aria-label': label }, codicon('close'));
  element.addEventListener('click', remove);
  return element;
}

/**
 * An attachment of a sent turn, in the transcript: a bigger thumbnail for an image, a file chip otherwise; a click
 * opens the file. No remove button: what was sent stays as it was.
 */
export function transcriptAttachment(attachment: Attachment, links: AttachmentLinks): HTMLElement {
  const details = attachmentDetails(attachment);
  const chip = h(
    'button',
    { type: 'button', className: `attachment-chip attachment-sent is-${attachment.kind}`, title: attachmentTitle(attachment), 'aria-label': `Open ${attachment.name}` },
    preview(attachment, links, true),
    h('span', { className: 'attachment-name' }, attachment.name),
    details ? h('span', { className: 'attachment-details' }, details) : '',
  );
  chip.addEventListener('click', () => links.open(attachment.sha256));
  return h('div', { className: 'block block-attachment' }, chip);
}

/**
 * The composer's row of chips (hidden when there are none) and what they cost together. Rebuilt from the host's list
 * on every change; a keyboard user who removed a chip keeps their place on the next chip's remove button.
 */
export class ComposerChips {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly total: HTMLElement;
  private items: readonly ComposerAttachment[] = [];

  constructor(
    private readonly links: AttachmentLinks,
    private readonly remove: (id: string) => void,
    /** Where the focus goes when the last chip it was on is gone. */
    private readonly focusElsewhere: () => void,
  ) {
    this.list = h('div', { className: 'attachment-chips', role: 'list', 'aria-label': 'Attachments' });
    this.total = h('span', { className: 'attachment-total', 'aria-live': 'polite' });
    this.element = h('div', { className: 'attachment-bar' }, this.list, this.total);
    this.element.hidden = true;
  }

  get attachments(): readonly ComposerAttachment[] {
    return this.items;
  }

  /** True while a chip is still being read, checked or downscaled: what would be sent is not known yet. */
  get preparing(): boolean {
    return this.items.some((item) => item.state === 'preparing');
  }

  set(items: readonly ComposerAttachment[]): void {
    const focused = [...this.list.querySelectorAll('.attachment-remove')].findIndex((element) => element === document.activeElement);
    this.items = items;
    this.list.replaceChildren(
      ...items.map((item) => (item.state === 'ready' ? readyComposerChip(item.attachment, this.links, () => this.remove(item.id)) : preparingComposerChip(item.name, () => this.remove(item.id)))),
    );
    const total = totalTokens(items);
    this.total.textContent = total ? `Total ${tokenLabel(total.tokens, total.counted)}` : '';
    this.total.hidden = total === undefined;
    this.element.hidden = items.length === 0;
    if (focused >= 0) {
      const buttons = this.list.querySelectorAll<HTMLButtonElement>('.attachment-remove');
      if (buttons.length > 0) buttons[Math.min(focused, buttons.length - 1)].focus();
      else this.focusElsewhere();
    }
  }
}
