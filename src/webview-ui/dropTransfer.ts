/**
 * What a drop or a paste carries, read from the few parts of DataTransfer used here (so the reading is testable in
 * Node with plain objects). A drag from VS Code's Explorer or an editor tab carries no File objects, only URIs: a JSON
 * array in `resourceurls` (all of a multi-selection) and newline-separated lists in `application/vnd.code.uri-list`
 * and `text/uri-list`. A drag from the operating system carries Files.
 */

/** The parts of a DataTransfer a drop is read from. */
export interface DropTransfer {
  readonly types: readonly string[];
  getData(format: string): string;
  readonly files?: ArrayLike<File>;
}

/** The parts of a clipboard's DataTransfer a paste is read from. */
export interface PasteTransfer {
  readonly items: ArrayLike<{ readonly kind: string; readonly type: string; getAsFile(): File | null }>;
}

const URI_LIST_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];
/** Types that say a drag holds files (VS Code's own, and the OS's `Files`): only then is the drop hint shown. */
const FILE_DRAG_TYPES = new Set(['files', 'resourceurls', 'codefiles', ...URI_LIST_TYPES]);

/** True when a drag carries files or file URIs (types are readable during dragenter; the data only on drop). */
export function carriesFiles(types: readonly string[]): boolean {
  return types.some((type) => FILE_DRAG_TYPES.has(type.toLowerCase()));
}

/**
 * The attachable URIs of a drop, each once, in the order given: `file:` and `vscode-remote:` as they are, and the
 * desktop app's `vscode-file://vscode-app/<path>` as the `file:` URI of the same path. Anything else (http:, untitled:,
 * a git: diff side) is left out: the host could not read it as a file.
 */
export function droppedUris(transfer: DropTransfer): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    const uri = attachableUri(raw);
    if (uri !== undefined && !found.includes(uri)) found.push(uri);
  };
  const types = transfer.types.map((type) => type.toLowerCase());
  if (types.includes('resourceurls')) {
    for (const raw of parseResourceUrls(transfer.getData('resourceurls'))) add(raw);
  }
  for (const type of URI_LIST_TYPES) {
    if (types.includes(type)) for (const raw of parseUriList(transfer.getData(type))) add(raw);
  }
  return found;
}

/** The Files of an OS drop. */
export function droppedFiles(transfer: DropTransfer): File[] {
  return transfer.files ? Array.from(transfer.files) : [];
}

/** The files of a paste (a screenshot, a file copied in the OS's file manager); none for a text paste. */
export function pastedFiles(transfer: PasteTransfer): File[] {
  const files: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (file) files.push(file);
  }
  return files;
}

/** `resourceurls`: a JSON array of URI strings; anything else is ignored rather than trusted. */
export function parseResourceUrls(text: string): string[] {
  if (text.trim().length === 0) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** RFC 2483 `text/uri-list`: one URI per line (CRLF or LF), `#` lines are comments. */
export function parseUriList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

const VSCODE_FILE_PREFIX = 'vscode-file://vscode-app/';

/** The URI the host can attach, or undefined (see droppedUris). */
export function attachableUri(raw: string): string | undefined {
  const uri = raw.trim();
  const lower = uri.toLowerCase();
  if (lower.startsWith('file:') || lower.startsWith('vscode-remote:')) return uri;
  // The desktop app serves local files to its renderer as vscode-file://vscode-app/<absolute path>.
  if (lower.startsWith(VSCODE_FILE_PREFIX)) return `file:///${uri.slice(VSCODE_FILE_PREFIX.length).replace(/^\/+/, '')}`;
  return undefined;
}

/** The name to send a pasted file under: its own, or "pasted image.png" (by its type) when the clipboard gave none. */
export function pastedFileName(file: Pick<File, 'name' | 'type'>): string {
  if (file.name.trim().length > 0) return file.name;
  const [kind, subtype] = file.type.toLowerCase().split('/');
  const extension = subtype === 'jpeg' ? 'jpg' : subtype?.replace(/[^a-z0-9].*$/, '');
  if (kind === 'image') return `pasted image.${extension || 'png'}`;
  return extension ? `pasted file.${extension}` : 'pasted file';
}

/** What a file looks like before it is read: its type, else its name's extension (the host checks the bytes). */
export function apparentKind(file: Pick<File, 'name' | 'type'>): 'image' | 'pdf' | 'other' {
  const type = file.type.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return kindOfName(file.name);
}

/** The same guess for a dropped URI, from its path's extension. */
export function apparentKindOfUri(uri: string): 'image' | 'pdf' | 'other' {
  const path = uri.split(/[?#]/)[0];
  return kindOfName(decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1)));
}

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'svg', 'heic', 'heif', 'avif', 'tif', 'tiff', 'ico'];

function kindOfName(name: string): 'image' | 'pdf' | 'other' {
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (IMAGE_EXTENSIONS.includes(extension)) return 'image';
  if (extension === 'pdf') return 'pdf';
  return 'other';
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Why a file was not sent to the host: the model does not take its kind, or it could never fit in a request. */
export type Refusal = { name: string; reason: 'noImages' | 'noPdfs' } | { name: string; reason: 'tooLarge'; byteLength: number };

/** What the composer checks before reading anything: the host checks again, this only answers sooner. */
export interface AttachLimits {
  image: boolean;
  pdf: boolean;
  /** The largest file, in bytes, whose base64 the host takes. */
  maxBytes: number;
}

/** The files to read and send, and the ones refused (a too-large file is refused from its size, unread). */
export function screenFiles(files: readonly File[], limits: AttachLimits): { accepted: File[]; refused: Refusal[] } {
  const accepted: File[] = [];
  const refused: Refusal[] = [];
  for (const file of files) {
    const name = pastedFileName(file);
    const kind = apparentKind(file);
    if (kind === 'image' && !limits.image) refused.push({ name, reason: 'noImages' });
    else if (kind === 'pdf' && !limits.pdf) refused.push({ name, reason: 'noPdfs' });
    else if (file.size > limits.maxBytes) refused.push({ name, reason: 'tooLarge', byteLength: file.size });
    else accepted.push(file);
  }
  return { accepted, refused };
}

/** The same for dropped URIs: only their kind is known in the page (the host reads and sizes them). */
export function screenUris(uris: readonly string[], limits: Pick<AttachLimits, 'image' | 'pdf'>): { accepted: string[]; refused: Refusal[] } {
  const accepted: string[] = [];
  const refused: Refusal[] = [];
  for (const uri of uris) {
    const kind = apparentKindOfUri(uri);
    const name = decodeURIComponentSafe(uri.split(/[?#]/)[0].replace(/\/+$/, '').split('/').pop() ?? uri);
    if (kind === 'image' && !limits.image) refused.push({ name, reason: 'noImages' });
    else if (kind === 'pdf' && !limits.pdf) refused.push({ name, reason: 'noPdfs' });
    else accepted.push(uri);
  }
  return { accepted, refused };
}
