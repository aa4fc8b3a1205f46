import path from 'node:path';

/**
 * Where everything lives under the extension's global storage folder. Conversations, trash and quarantine are
 * siblings on one volume, so moving a file between them is a rename: atomic, and never a copy that could stop
 * half-way.
 */
export class StoreLayout {
  readonly conversations: string;
  readonly trash: string;
  readonly quarantine: string;
  readonly index: string;
  /** Each window's lease while it streams (windowLeases.ts). */
  readonly windows: string;
  /** Attached files, stored once by content hash (attachmentStore.ts). */
  readonly attachments: string;

  constructor(readonly root: string) {
    this.conversations = path.join(root, 'conversations');
    this.trash = path.join(root, 'trash');
    this.quarantine = path.join(root, 'quarantine');
    this.index = path.join(root, 'index.json');
    this.windows = path.join(root, 'windows');
    this.attachments = path.join(root, 'attachments');
  }

  conversationFile(id: string): string {
    return path.join(this.conversations, fileNameOf(id));
  }

  trashFile(id: string): string {
    return path.join(this.trash, fileNameOf(id));
  }
}

// Ids become file names: a strict alphabet keeps them valid names on every platform and makes path traversal
// through an id impossible.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function assertValidId(id: string): void {
  if (!isValidId(id)) throw new Error(`Not a valid conversation id: ${JSON.stringify(id)}`);
}

export function fileNameOf(id: string): string {
  return `${id}.json`;
}

/** The id a directory entry stands for, or undefined for anything that is not a conversation file (temp files, locks, strays). */
export function idOfFileName(name: string): string | undefined {
  if (!name.endsWith('.json')) return undefined;
  const id = name.slice(0, -'.json'.length);
  return isValidId(id) ? id : undefined;
}

/** Temp files are `<target>.<random>.tmp`: never a conversation, only ever the leftover of an interrupted write. */
export function isTempFileName(name: string): boolean {
  return name.endsWith('.tmp');
}
