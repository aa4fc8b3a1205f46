// Resolves a path that Claude passed to a workspace tool, refusing anything that could read outside the workspace.
// Pure Node (no `vscode`): the host passes the workspace folders in, so the rules are unit-tested on real temp dirs.
//
// Containment is decided before the file system is touched, and symlinks are followed one component at a time
// (lstat + readlink) so a link whose target lies outside is refused without ever looking at the target: whether a
// file exists outside the workspace must not change the answer Claude gets.
import fs from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

export interface ToolWorkspaceFolder {
  /** The folder's display name: in a multi-root workspace, paths may start with `<name>/`. */
  readonly name: string;
  readonly fsPath: string;
}

export type PathResolution =
  | {
      readonly ok: true;
      /** The fully resolved path (no symlinks left): read this, never the input, so what was checked is what is opened. */
      readonly fsPath: string;
      /** Name of the workspace folder that contains `fsPath`. */
      readonly folder: string;
      /** `fsPath` relative to that folder, with `/` separators (`''` for the folder itself). */
      readonly relative: string;
      /** Matches a sensitive-file pattern (by the requested path or by where a symlink leads): always ask the user. */
      readonly sensitive: boolean;
    }
  | { readonly ok: false; /** A sentence for Claude; it becomes an `is_error` tool_result. */ readonly reason: string };

export interface ResolveToolPathOptions {
  /** Extra patterns from the user's settings, added to {@link SENSITIVE_PATTERNS}. */
  readonly sensitivePatterns?: readonly string[];
}

/** Matched case-insensitively against the path's segments; see {@link isSensitivePath}. */
export const SENSITIVE_PATTERNS: readonly string[] = [
  '.env', '.env.*', '*.pem', '*.key', 'id_rsa*', 'id_ed25519*', '*.p12', '*.pfx', '.npmrc', '.pypirc', '.netrc',
  'credentials*', '.aws/credentials', '.ssh/*', '*.keystore', 'secrets.*',
];

/** Linux's own limit on symlinks followed in one lookup (ELOOP). */
const MAX_SYMLINK_HOPS = 40;
const BINARY_SNIFF_BYTES = 8192;
const CASE_INSENSITIVE_FS = process.platform === 'win32';

const refuse = (reason: string): PathResolution => ({ ok: false, reason });
const escapes = (input: string) =>
  refuse(`Path escapes the workspace: ${input}. Use a path relative to a workspace folder.`);

export async function resolveToolPath(
  input: string,
  folders: readonly ToolWorkspaceFolder[],
  options: ResolveToolPathOptions = {},
): Promise<PathResolution> {
  if (folders.length === 0) return refuse('No workspace folder is open, so there are no files to read.');
  if (input.includes('\0')) return refuse('Path contains a NUL byte. Use a plain path relative to a workspace folder.');
  if (isAbsoluteAnywhere(input)) {
    return refuse(`Absolute paths are not accepted: ${input}. Use a path relative to a workspace folder, e.g. src/index.ts.`);
  }

  // Both separators count on every platform, so `..\x` cannot slip past on POSIX and behaves the same everywhere.
  const segments = input.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment !== '..' && /^[. ]+$/.test(segment))) {
    // Windows drops trailing dots and spaces, so `... ` could act as `..` there.
    return refuse(`Path has a segment made only of dots or spaces: ${input}. Use a plain relative path.`);
  }

  const named = folders.length > 1 ? folders.find((folder) => folder.name === segments[0]) : undefined;
  const start = named ?? folders[0];
  const rest = named ? segments.slice(1) : segments;

  // `..` is resolved on the text, as VS Code does; the walk below then follows real symlinks.
  const lexical: string[] = [];
  for (const segment of rest) {
    if (segment !== '..') lexical.push(segment);
    else if (lexical.pop() === undefined) return escapes(input);
  }

  const roots = await realRoots(folders);
  const startRoot = roots.find((root) => root.folder === start);
  if (!startRoot) return refuse(`The workspace folder ${start.name} cannot be read.`);

  const walked = await walkInside(startRoot.real, lexical, roots);
  if (walked === 'escape') return escapes(input);
  if (walked === 'missing') {
    return refuse(`File not found: ${input}. Paths are relative to ${folderHint(folders)}; list the files to see what exists.`);
  }
  if (walked === 'loop') return refuse(`Path has too many levels of symbolic links: ${input}.`);
  if (walked === 'unreadable') return refuse(`Path cannot be read (permission denied): ${input}.`);

  // Belt and braces: the OS's own answer must agree that the result is inside.
  const finalReal = await fs.realpath(walked).catch(() => undefined);
  const owner = finalReal === undefined ? undefined : ownerOf(finalReal, roots);
  if (finalReal === undefined || !owner) return escapes(input);

  const relative = toSlashes(path.relative(owner.real, finalReal));
  const requested = toSlashes(lexical.join('/'));
  const extra = options.sensitivePatterns;
  return {
    ok: true,
    fsPath: finalReal,
    folder: owner.folder.name,
    relative,
    sensitive: isSensitivePath(requested, extra) || isSensitivePath(relative, extra),
  };
}

/**
 * Whether a workspace-relative path names a secret. A pattern without `/` matches any single segment (so a
 * `credentials/` directory makes everything under it sensitive); a pattern with `/` matches consecutive segments
 * anywhere in the path. Patterns are picomatch globs; matching ignores case.
 */
export function isSensitivePath(relative: string, extraPatterns: readonly string[] = []): boolean {
  const segments = relative.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  return [...SENSITIVE_PATTERNS, ...extraPatterns].some((pattern) => matchesAnywhere(segments, pattern));
}

/** A NUL byte in the first 8 KB, or bytes that are not UTF-8. A read cut mid-character at its end still counts as text. */
export function isProbablyBinary(bytes: Uint8Array): boolean {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

interface RealRoot {
  readonly folder: ToolWorkspaceFolder;
  readonly real: string;
}

async function realRoots(folders: readonly ToolWorkspaceFolder[]): Promise<RealRoot[]> {
  const roots = await Promise.all(
    folders.map(async (folder) => {
      const real = await fs.realpath(folder.fsPath).catch(() => undefined);
      return real === undefined ? undefined : { folder, real };
    }),
  );
  return roots.filter((root): root is RealRoot => root !== undefined);
}

type WalkResult = string | 'escape' | 'missing' | 'loop' | 'unreadable';

/**
 * Resolves `segments` under `current` one component at a time. Every path passed to lstat/readlink is inside a
 * workspace root; a symlink's target is checked on its text before it is followed.
 */
async function walkInside(current: string, segments: readonly string[], roots: readonly RealRoot[]): Promise<WalkResult> {
  const pending = [...segments];
  let hops = 0;
  while (pending.length > 0) {
    const next = path.join(current, pending.shift() as string);
    let stat: Awaited<ReturnType<typeof fs.lstat>>;
    try {
      stat = await fs.lstat(next);
    } catch (error) {
      return fileSystemFailure(error);
    }
    if (!stat.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) return 'loop';
    let target: string;
    try {
      target = await fs.readlink(next);
    } catch (error) {
      return fileSystemFailure(error);
    }
    const resolved = path.resolve(current, target);
    const owner = ownerOf(resolved, roots);
    if (!owner) return 'escape';
    // Restart from the root that holds the target: its remaining segments may hold further links.
    pending.unshift(...path.relative(owner.real, resolved).split(path.sep).filter((segment) => segment !== ''));
    current = owner.real;
  }
  return current;
}

function fileSystemFailure(error: unknown): WalkResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP') return 'loop';
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable';
  return 'missing';
}

function ownerOf(candidate: string, roots: readonly RealRoot[]): RealRoot | undefined {
  return roots.find((root) => isInside(candidate, root.real));
}

function isInside(candidate: string, root: string): boolean {
  const fold = (value: string) => (CASE_INSENSITIVE_FS ? value.toLowerCase() : value);
  const relative = path.relative(fold(root), fold(candidate));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** POSIX `/x`, `\x`, UNC `\\server\share` and `//server`, drive forms `C:\x`, `C:/x`, `C:x`, and URIs like `file:///x`. */
function isAbsoluteAnywhere(input: string): boolean {
  return /^[\\/]/.test(input) || /^[a-zA-Z]:/.test(input) || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(input);
}

function folderHint(folders: readonly ToolWorkspaceFolder[]): string {
  if (folders.length === 1) return `the workspace folder ${folders[0].name}`;
  return `the first workspace folder, or start with a folder name (${folders.map((folder) => folder.name).join(', ')})`;
}

function toSlashes(value: string): string {
  return value.split(path.sep).join('/');
}

/**
 * Compiled matchers by pattern: a listing asks about every file it lists, and compiling the globs each time was most of
 * list_files' cost (the tools benchmark). Bounded: the patterns come from settings, a few dozen at most.
 */
const compiledPatterns = new Map<string, picomatch.Matcher | undefined>();
const MAX_COMPILED_PATTERNS = 1000;

/** The pattern's matcher; a leading `**\/` or `/` is dropped since every pattern floats anyway. */
function matcherOf(pattern: string): picomatch.Matcher | undefined {
  if (compiledPatterns.has(pattern)) return compiledPatterns.get(pattern);
  const cleaned = pattern.replace(/^(\*\*\/|\/)+/, '');
  const matcher = cleaned.length === 0 ? undefined : picomatch(cleaned, { dot: true, nocase: true });
  if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
  compiledPatterns.set(pattern, matcher);
  return matcher;
}

/**
 * Whether some run of consecutive segments matches `pattern` (picomatch: `*`, `?`, `{a,b}`, `[…]`, `**`), so a
 * pattern matches wherever in the path it occurs and a matching directory covers what is under it.
 */
function matchesAnywhere(segments: readonly string[], pattern: string): boolean {
  const matches = matcherOf(pattern);
  if (!matches) return false;
  for (let start = 0; start < segments.length; start++) {
    for (let end = start + 1; end <= segments.length; end++) if (matches(segments.slice(start, end).join('/'))) return true;
  }
  return false;
}
