import { isImageMediaType, type ImageMediaType } from './conversation';

/**
 * A file the user attached to a turn: an image, a PDF or a text file. Its bytes live once in the content-addressed
 * attachment store (`attachments/<sha256>.<ext>` beside the conversations); conversations and the composer hold
 * only this description, so a conversation with twenty screenshots is as small on disk and as fast to open as one
 * without. The request builder reads the bytes back when a turn is sent.
 */
export type AttachmentKind = 'image' | 'pdf' | 'text';

export const PDF_MEDIA_TYPE = 'application/pdf';
export const TEXT_MEDIA_TYPE = 'text/plain';
export type AttachmentMediaType = ImageMediaType | typeof PDF_MEDIA_TYPE | typeof TEXT_MEDIA_TYPE;

export interface Attachment {
  kind: AttachmentKind;
  mediaType: AttachmentMediaType;
  /** Lower-case hex SHA-256 of the stored bytes: the name of the stored file and the attachment's identity. */
  sha256: string;
  /** Size of the stored bytes (after any downscaling). */
  byteLength: number;
  /**
   * What the chip shows and what a text file's document is titled with: the workspace-relative path for a workspace
   * file, the file name otherwise ("pasted image.png" for a paste).
   */
  name: string;
  /** The file it came from (`file:` or `vscode-remote:` URI), opened when its chip is clicked; absent for a paste. */
  uri?: string;
  /** Pixel size of the stored image (after downscaling). */
  width?: number;
  height?: number;
  /** Page count of a PDF. */
  pages?: number;
  /** What it costs in every request that carries it: counted by the API's count_tokens, or the documented estimate. */
  tokens?: number;
  /** True when `tokens` came from count_tokens; false (or absent) for an estimate. */
  tokensCounted?: boolean;
  /** The image as it was picked, when it was downscaled: the chip says so. */
  original?: { width: number; height: number; byteLength: number };
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 1_000;
const MAX_URI_LENGTH = 8_192;
/** URI schemes an attachment may point back to: local files and remote workspaces, never anything that runs. */
const OPENABLE_SCHEMES = ['file:', 'vscode-remote:'];

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_PATTERN.test(value);
}

export function isAttachmentMediaType(value: unknown): value is AttachmentMediaType {
  return isImageMediaType(value) || value === PDF_MEDIA_TYPE || value === TEXT_MEDIA_TYPE;
}

export function kindOfMediaType(mediaType: AttachmentMediaType): AttachmentKind {
  if (mediaType === PDF_MEDIA_TYPE) return 'pdf';
  if (mediaType === TEXT_MEDIA_TYPE) return 'text';
  return 'image';
}

const EXTENSIONS: Record<AttachmentMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/**
 * The stored file's name. The extension is there so that the webview's resource loader serves an image with its
 * image type (it types files by extension), which is how the transcript shows stored images without a copy.
 */
export function attachmentFileName(attachment: Pick<Attachment, 'sha256' | 'mediaType'>): string {
  return `${attachment.sha256}.${EXTENSIONS[attachment.mediaType]}`;
}

/** The (sha256, media type) a stored file name stands for, or undefined for anything else in the folder. */
export function parseAttachmentFileName(name: string): { sha256: string; mediaType: AttachmentMediaType } | undefined {
  const match = /^([0-9a-f]{64})\.([a-z]+)$/.exec(name);
  if (!match) return undefined;
  const mediaType = (Object.keys(EXTENSIONS) as AttachmentMediaType[]).find((type) => EXTENSIONS[type] === match[2]);
  return mediaType ? { sha256: match[1], mediaType } : undefined;
}

/**
 * An attachment read from a conversation file, an import or the webview: only well-formed known fields survive, and
 * kind always agrees with the media type. Undefined when the identity (hash, type, size, name) is not usable.
 */
export function sanitizeAttachment(value: unknown): Attachment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (!isSha256(raw.sha256) || !isAttachmentMediaType(raw.mediaType)) return undefined;
  if (!isCount(raw.byteLength)) return undefined;
  if (typeof raw.name !== 'string' || raw.name.length === 0 || raw.name.length > MAX_NAME_LENGTH) return undefined;
  const attachment: Attachment = { kind: kindOfMediaType(raw.mediaType), mediaType: raw.mediaType, sha256: raw.sha256, byteLength: raw.byteLength, name: raw.name };
  if (typeof raw.uri === 'string' && raw.uri.length <= MAX_URI_LENGTH && OPENABLE_SCHEMES.some((scheme) => (raw.uri as string).startsWith(scheme))) attachment.uri = raw.uri;
  if (isCount(raw.width) && isCount(raw.height)) {
    attachment.width = raw.width;
    attachment.height = raw.height;
  }
  if (isCount(raw.pages)) attachment.pages = raw.pages;
  if (isCount(raw.tokens)) {
    attachment.tokens = raw.tokens;
    if (raw.tokensCounted === true) attachment.tokensCounted = true;
  }
  const original = raw.original as Record<string, unknown> | undefined;
  if (typeof original === 'object' && original !== null && isCount(original.width) && isCount(original.height) && isCount(original.byteLength)) {
    attachment.original = { width: original.width, height: original.height, byteLength: original.byteLength };
  }
  return attachment;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
