import * as vscode from 'vscode';
import type { AttachmentAcceptance } from '../shared/protocol';
import type { IndexedFile, WorkspaceFileIndex } from './workspaceFileIndex';

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);
/**
 * Extensions never offered: formats the API does not take (SVG, HEIC, BMP, TIFF are refused with a reason when
 * attached some other way) and files that are certainly binary. The list only trims the offer; what a file is, is
 * decided from its bytes when it is attached.
 */
const NOT_OFFERED = new Set(
  'svg heic heif avif bmp tif tiff ico icns psd zip gz tgz bz2 xz 7z rar jar war class exe dll so dylib o a lib bin dat db sqlite wasm pyc mp3 mp4 m4a mov avi mkv webm wav flac ogg woff woff2 ttf otf eot dmg iso pdb vsix node'.split(' '),
);

export type PickedFiles = vscode.Uri[];

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: true;
}

/** What kind of attachment a file's name suggests; undefined for files never offered. */
export function offeredKind(path: string): 'image' | 'pdf' | 'text' | undefined {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  if (extension === undefined) return 'text';
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (extension === 'pdf') return 'pdf';
  return NOT_OFFERED.has(extension) ? undefined : 'text';
}

const ICONS = { image: '$(file-media)', pdf: '$(file-pdf)', text: '$(file)' } as const;

/**
 * The attach button's picker: the workspace's images, PDFs and text files with VS Code's own fuzzy filter and
 * multi-select, plus Browse… for a file outside the workspace. Images and PDFs are offered only when the
 * conversation's model takes them.
 */
export async function pickAttachments(index: WorkspaceFileIndex, accepts: AttachmentAcceptance, model: string): Promise<PickedFiles> {
  const quickPick = vscode.window.createQuickPick<FileItem>();
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.title = 'Attach to Chat';
  const excluded = [!accepts.image ? 'images' : undefined, !accepts.pdf ? 'PDFs' : undefined].filter(Boolean);
  quickPick.placeholder = excluded.length > 0 ? `${model} takes no ${excluded.join(' or ')}: pick text files, or Browse…` : 'Pick images, PDFs or text files to attach (type to search)';
  quickPick.busy = true;
  const browse: FileItem = { label: '$(folder-opened) Browse…', description: 'a file outside the workspace', browse: true, alwaysShow: true };
  quickPick.items = [browse];
  quickPick.show();
  try {
    const files = await index.files();
    // Browse… last, so that what the search matches comes first and ↓ lands on it.
    quickPick.items = [...files.flatMap((file) => toItem(file, accepts)), browse];
  } catch (error) {
    quickPick.placeholder = `The workspace's files could not be listed (${error instanceof Error ? error.message : String(error)}); Browse… still works`;
  }
  quickPick.busy = false;
  const chosen = await new Promise<readonly FileItem[] | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (!chosen) return [];
  const uris = chosen.flatMap((item) => (item.uri ? [item.uri] : []));
  if (chosen.some((item) => item.browse)) uris.push(...(await browseForFiles(accepts)));
  return uris;
}

function toItem(file: IndexedFile, accepts: AttachmentAcceptance): FileItem[] {
  const kind = offeredKind(file.path);
  if (kind === undefined || (kind === 'image' && !accepts.image) || (kind === 'pdf' && !accepts.pdf)) return [];
  const slash = file.path.lastIndexOf('/');
  return [{ label: `${ICONS[kind]} ${file.path.slice(slash + 1)}`, description: slash > 0 ? file.path.slice(0, slash) : '', uri: file.uri }];
}

async function browseForFiles(accepts: AttachmentAcceptance): Promise<vscode.Uri[]> {
  const filters: Record<string, string[]> = {};
  if (accepts.image) filters.Images = [...IMAGE_EXTENSIONS];
  if (accepts.pdf) filters.PDFs = ['pdf'];
  filters['All files'] = ['*'];
  return (await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Attach', title: 'Attach to Chat', filters })) ?? [];
}
