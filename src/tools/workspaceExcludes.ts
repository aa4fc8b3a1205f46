// What the workspace tools never read, list or search: files the user excluded with files.exclude or search.exclude,
// files .gitignore ignores (build output, dependencies, local secrets), and .git itself. One instance serves one tool
// call: settings and .gitignore files are read once for it and cached, so a listing of thousands of files reads each
// directory's .gitignore at most once, and an edit to them counts from the next call on.
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import type { ToolFolder } from './workspaceTools';

export type ExcludeSource = 'files.exclude' | 'search.exclude' | '.gitignore' | '.git';

export interface Exclusion {
  readonly source: ExcludeSource;
  /** The glob or .gitignore line that matched, as the user wrote it. */
  readonly pattern: string;
  /** For .gitignore: the file that holds the line, relative to its workspace folder. */
  readonly file?: string;
}

/** VS Code matches exclude globs and git matches .gitignore lines with the file system's own case rule. */
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';
const SETTING_SOURCES = ['files', 'search'] as const;
/** .gitignore lines that mean the same as a VS Code glob: no escapes, classes, braces, commas or negation. */
const PLAIN_GITIGNORE_LINE = /^[\w.@+*?/-]+$/;
/** How many .gitignore files are checked for `!` lines before the findFiles shortcut is given up. */
const MAX_GITIGNORE_FILES = 1000;

interface SettingGlob {
  readonly source: 'files.exclude' | 'search.exclude';
  readonly pattern: string;
  readonly matches: (relative: string) => boolean;
  /** A `{ "when": "$(basename).ts" }` entry: excluded only when that sibling exists. */
  readonly when?: string;
}

interface GitRules {
  readonly ignore: Ignore;
  readonly patterns: readonly { pattern: string; mark: string }[];
}

/** How the tools say why a path is left out: "excluded by search.exclude (\"**\/dist\")". */
export function describeExclusion(exclusion: Exclusion): string {
  switch (exclusion.source) {
    case '.git':
      return 'inside a .git folder';
    case '.gitignore':
      return `ignored by .gitignore ("${exclusion.pattern}" in ${exclusion.file})`;
    default:
      return `excluded by ${exclusion.source} ("${exclusion.pattern}")`;
  }
}

export class WorkspaceExcludes {
  private readonly settingGlobs = new Map<string, SettingGlob[]>();
  private readonly gitRules = new Map<string, Promise<GitRules | undefined>>();
  private readonly siblings = new Map<string, Promise<boolean>>();

  /**
   * Why `relative` (a `/`-separated path inside `folder`) is excluded, or undefined. A directory that matches
   * excludes everything under it, as VS Code's explorer and search and git do.
   */
  async exclusionOf(folder: ToolFolder, relative: string, isDirectory = false): Promise<Exclusion | undefined> {
    const segments = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.length === 0) return undefined;
    if (segments.some((segment) => (CASE_INSENSITIVE ? segment.toLowerCase() : segment) === '.git')) return { source: '.git', pattern: '.git' };
    for (let end = 1; end <= segments.length; end++) {
      const prefix = segments.slice(0, end).join('/');
      for (const glob of this.globsOf(folder)) {
        if (!glob.matches(prefix)) continue;
        if (glob.when !== undefined && !(await this.siblingExists(folder, prefix, glob.when))) continue;
        return { source: glob.source, pattern: glob.pattern };
      }
    }
    const rules = await this.gitRulesOf(folder, segments.slice(0, -1).join('/'));
    if (!rules) return undefined;
    let tested: ReturnType<Ignore['test']>;
    try {
      tested = rules.ignore.test(isDirectory ? `${segments.join('/')}/` : segments.join('/'));
    } catch {
      return undefined; // a name the package cannot take as a relative path; settings globs were still applied
    }
    if (!tested.ignored) return undefined;
    const [file, line] = (tested.rule?.mark ?? '.gitignore\n?').split('\n');
    return { source: '.gitignore', pattern: line, file };
  }

  /**
   * A glob for findFiles' `exclude` that leaves out only what {@link exclusionOf} would, so that excluded trees such
   * as node_modules or target/ are not walked at all: the enabled settings globs, plus the root .gitignore's plain
   * lines unless a .gitignore re-includes something with `!`. Git never reads a .gitignore inside an ignored folder,
   * so the look for `!` lines can skip those folders too. Callers still filter every file with exclusionOf.
   */
  async findFilesExclude(folder: ToolFolder): Promise<string> {
    const settings = this.globsOf(folder).filter((glob) => glob.when === undefined && isGroupable(glob.pattern)).map((glob) => glob.pattern);
    const plain = `{${[...new Set([...settings, '**/.git'])].join(',')}}`;
    const root = await fs.readFile(path.join(folder.fsPath, '.gitignore'), 'utf8').catch(() => '');
    const rootLines = gitignoreLines(root);
    const derived = rootLines.flatMap(globsOfGitignoreLine);
    if (derived.length === 0 || rootLines.some((line) => line.startsWith('!'))) return plain;
    const pruned = `{${[...new Set([...settings, '**/.git', ...derived])].join(',')}}`;
    // Git reads a .gitignore even when a line ignores the file itself: only folders are pruned from this look.
    const folders = derived.filter((glob) => glob.endsWith('/**'));
    const lookExclude = `{${[...new Set([...settings, '**/.git', ...folders])].join(',')}}`;
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder.uri, '**/.gitignore'), lookExclude, MAX_GITIGNORE_FILES + 1);
    const nested = found.filter((uri) => path.basename(uri.fsPath) === '.gitignore');
    if (nested.length > MAX_GITIGNORE_FILES) return plain;
    const texts = await Promise.all(nested.map((uri) => fs.readFile(uri.fsPath, 'utf8').catch(() => '')));
    return texts.some((text) => gitignoreLines(text).some((line) => line.startsWith('!'))) ? plain : pruned;
  }

  private globsOf(folder: ToolFolder): SettingGlob[] {
    let globs = this.settingGlobs.get(folder.fsPath);
    if (globs) return globs;
    globs = [];
    for (const section of SETTING_SOURCES) {
      const entries = vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, unknown>>('exclude') ?? {};
      for (const [pattern, value] of Object.entries(entries)) {
        const when = typeof value === 'object' && value !== null && typeof (value as { when?: unknown }).when === 'string' ? (value as { when: string }).when : undefined;
        if (value !== true && when === undefined) continue;
        const matches = compileGlob(pattern.replace(/^\.?\//, ''));
        if (matches) globs.push({ source: `${section}.exclude`, pattern, matches, ...(when !== undefined ? { when } : {}) });
      }
    }
    this.settingGlobs.set(folder.fsPath, globs);
    return globs;
  }

  /** VS Code's `when`: `$(basename)` is the matched name without its extension; the sibling sits in the same folder. */
  private siblingExists(folder: ToolFolder, relative: string, when: string): Promise<boolean> {
    const name = path.posix.basename(relative);
    const stem = name.slice(0, name.length - path.posix.extname(name).length);
    const sibling = path.join(folder.fsPath, path.posix.dirname(relative), when.replaceAll('$(basename)', stem));
    let found = this.siblings.get(sibling);
    if (!found) {
      found = fs.stat(sibling).then(() => true, () => false);
      this.siblings.set(sibling, found);
    }
    return found;
  }

  /**
   * The rules of every .gitignore from the folder's root down to `directory`, as one ruleset with each nested file's
   * lines rebased onto the root: later (deeper) lines win, as in git, and a directory's rules cover what is under it.
   */
  private gitRulesOf(folder: ToolFolder, directory: string): Promise<GitRules | undefined> {
    const key = `${folder.fsPath}\0${directory}`;
    let rules = this.gitRules.get(key);
    if (!rules) {
      rules = this.loadGitRules(folder, directory);
      this.gitRules.set(key, rules);
    }
    return rules;
  }

  private async loadGitRules(folder: ToolFolder, directory: string): Promise<GitRules | undefined> {
    const parent = directory === '' ? undefined : await this.gitRulesOf(folder, path.posix.dirname(directory) === '.' ? '' : path.posix.dirname(directory));
    const file = directory === '' ? '.gitignore' : `${directory}/.gitignore`;
    const text = await fs.readFile(path.join(folder.fsPath, file), 'utf8').catch(() => undefined);
    if (text === undefined) return parent;
    const own = gitignoreLines(text).map((line) => ({ pattern: rebase(line, directory), mark: `${file}\n${line}` }));
    if (own.length === 0) return parent;
    const patterns = [...(parent?.patterns ?? []), ...own];
    return { ignore: ignore({ ignorecase: CASE_INSENSITIVE }).add(patterns), patterns };
  }
}

function compileGlob(pattern: string): ((relative: string) => boolean) | undefined {
  if (pattern === '') return undefined;
  try {
    return picomatch(pattern, { dot: true, nocase: CASE_INSENSITIVE });
  } catch {
    return undefined;
  }
}

/** findFiles takes one `{a,b}` group and VS Code's globs do not nest braces, so a glob with its own is left to the filter. */
function isGroupable(pattern: string): boolean {
  return !/[{},]/.test(pattern);
}

/** A .gitignore's rule lines: comments and blank lines dropped, unescaped trailing spaces trimmed. */
function gitignoreLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/(?<!\\)\s+$/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * A nested .gitignore's line as a rule of the root's: a line without an inner `/` matches at any depth below its
 * directory (`dir/**\/name`); one with a `/` is anchored to its directory (`dir/path`).
 */
function rebase(line: string, directory: string): string {
  if (directory === '') return line;
  const negated = line.startsWith('!');
  const body = negated ? line.slice(1) : line;
  const directoryOnly = body.endsWith('/');
  const core = directoryOnly ? body.slice(0, -1) : body;
  const anchored = core.includes('/');
  const rebased = anchored ? `${directory}/${core.replace(/^\//, '')}` : `${directory}/**/${core}`;
  return `${negated ? '!' : ''}${rebased}${directoryOnly ? '/' : ''}`;
}

/** The findFiles globs of one plain root .gitignore line (files only: findFiles lists no folders). */
function globsOfGitignoreLine(line: string): string[] {
  if (!PLAIN_GITIGNORE_LINE.test(line) || /^\/*$/.test(line)) return [];
  const directoryOnly = line.endsWith('/');
  const core = directoryOnly ? line.slice(0, -1) : line;
  const anchored = core.includes('/') && !core.startsWith('**/');
  const base = anchored ? core.replace(/^\//, '') : core.startsWith('**/') ? core : `**/${core}`;
  return directoryOnly ? [`${base}/**`] : [base, `${base}/**`];
}
