import * as vscode from 'vscode';
import type { Attachment } from '../shared/attachment';
import { newId } from '../shared/ids';
import type { ComposerAttachment } from '../shared/protocol';
import { Disposable } from '../util/disposable';

/** How many files one turn may carry; the API takes at most 100 images in a request anyway. */
export const MAX_DRAFT_ATTACHMENTS = 100;

/**
 * The files attached to the turn being written, kept by the host like the draft text: a hidden, reloaded or second
 * view shows the same chips, and a refused send loses none of them. A chip is `preparing` while its file is read,
 * checked and downscaled, then `ready`; the same id throughout, so the chip the user removes is the one they saw.
 */
export class DraftAttachments extends Disposable {
  private items: ComposerAttachment[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<readonly ComposerAttachment[]>());
  readonly onDidChange = this.changed.event;

  get all(): readonly ComposerAttachment[] {
    return this.items;
  }

  /** The ready attachments, in the order they were added (the order they are sent in). */
  get ready(): Attachment[] {
    return this.items.flatMap((item) => (item.state === 'ready' ? [item.attachment] : []));
  }

  get preparing(): boolean {
    return this.items.some((item) => item.state === 'preparing');
  }

  /** A chip for a file being prepared; undefined when the turn already holds as many as it may. */
  begin(name: string): string | undefined {
    if (this.items.length >= MAX_DRAFT_ATTACHMENTS) return undefined;
    const id = newId('att');
    this.items = [...this.items, { id, state: 'preparing', name }];
    this.fire();
    return id;
  }

  /**
   * The chip's file is ready. The same file attached twice is kept once (it would be sent, and paid for, twice):
   * false when it was already there, and the preparing chip goes.
   */
  complete(id: string, attachment: Attachment): boolean {
    const duplicate = this.items.some((item) => item.state === 'ready' && item.attachment.sha256 === attachment.sha256);
    this.items = duplicate ? this.items.filter((item) => item.id !== id) : this.items.map((item) => (item.id === id ? { id, state: 'ready', attachment } : item));
    this.fire();
    return !duplicate;
  }

  /** Updates a ready attachment in place (its counted tokens arrived). */
  update(sha256: string, patch: Partial<Pick<Attachment, 'tokens' | 'tokensCounted'>>): void {
    let touched = false;
    this.items = this.items.map((item) => {
      if (item.state !== 'ready' || item.attachment.sha256 !== sha256) return item;
      touched = true;
      return { ...item, attachment: { ...item.attachment, ...patch } };
    });
    if (touched) this.fire();
  }

  remove(id: string): void {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.id !== id);
    if (this.items.length !== before) this.fire();
  }

  has(id: string): boolean {
    return this.items.some((item) => item.id === id);
  }

  /** The turn was sent with them: the composer starts empty. */
  clear(): void {
    if (this.items.length === 0) return;
    this.items = [];
    this.fire();
  }

  private fire(): void {
    this.changed.fire(this.items);
  }
}
