/**
 * A small stand-in for the `vscode` module, so host classes (ChatSession, ConversationLibrary, ChatConnection,
 * ApiKeyStore…) run in plain Node. The unit build resolves `import * as vscode from 'vscode'` to this file (see
 * esbuild.mjs); tests import it directly to script answers and read what the host did through `fake`.
 *
 * Only what the host uses is here, and it behaves like VS Code where tests depend on it: events fire
 * synchronously, configuration reads the most specific scope, `update` fires onDidChangeConfiguration, and a
 * message box resolves with whatever the test queued (undefined, as if dismissed, when nothing was queued).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

// ---- lifecycle and events ----------------------------------------------------------------------------------------

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (value: T) => unknown, thisArg?: unknown, disposables?: Disposable[]) => Disposable;

export class EventEmitter<T> {
  private listeners: ((value: T) => unknown)[] = [];
  readonly event: Event<T> = (listener, thisArg, disposables) => {
    const bound = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.push(bound);
    const disposable = new Disposable(() => {
      this.listeners = this.listeners.filter((candidate) => candidate !== bound);
    });
    disposables?.push(disposable);
    return disposable;
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

// ---- values ------------------------------------------------------------------------------------------------------

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', '', path.resolve(fsPath), '', '');
  }
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.replace(/:$/, ''), url.host, decodeURIComponent(url.pathname), url.search.replace(/^\?/, ''), url.hash.replace(/^#/, ''));
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: path.posix.join(base.path, ...segments) });
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    if (this.scheme === 'file') return `file://${this.path}`;
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number | Position, startCharacter: number | Position, endLine?: number, endCharacter?: number) {
    this.start = startLine instanceof Position ? startLine : new Position(startLine, startCharacter as number);
    this.end = startCharacter instanceof Position ? startCharacter : new Position(endLine ?? 0, endCharacter ?? 0);
  }
}

/** Records the edits; `workspace.applyEdit` is not faked (no document model here). */
export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
  insert(uri: Uri, position: Position, text: string): void {
    this.edits.push({ uri, range: new Range(position, position), text });
  }
}

// ---- editor layer: selections, documents, problems, symbols, code actions ----------------------------------------

export class Selection extends Range {
  readonly anchor: Position;
  readonly active: Position;
  constructor(anchorLine: number | Position, anchorCharacter: number | Position, activeLine?: number, activeCharacter?: number) {
    const anchor = anchorLine instanceof Position ? anchorLine : new Position(anchorLine, anchorCharacter as number);
    const active = anchorCharacter instanceof Position ? anchorCharacter : new Position(activeLine ?? 0, activeCharacter ?? 0);
    const reversed = active.line < anchor.line || (active.line === anchor.line && active.character < anchor.character);
    super(reversed ? active : anchor, reversed ? anchor : active);
    this.anchor = anchor;
    this.active = active;
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

/**
 * A text document over a string, as an editor shows it: lines split at \n, offsets and positions convert both ways.
 * `fakeEditor` puts one in a TextEditor-shaped object with a selection.
 */
export class FakeTextDocument {
  isClosed = false;
  /** Set by a test to play an editor with unsaved changes (the text is then what the editor shows, not the disk). */
  isDirty = false;
  private readonly lines: string[];
  constructor(
    readonly uri: Uri,
    private readonly text: string,
    readonly languageId = 'plaintext',
    readonly version = 1,
  ) {
    this.lines = text.split('\n');
  }
  get lineCount(): number {
    return this.lines.length;
  }
  lineAt(line: number): { lineNumber: number; text: string; range: Range } {
    if (line < 0 || line >= this.lines.length) throw new Error(`Illegal value for \`line\`: ${line}`);
    return { lineNumber: line, text: this.lines[line], range: new Range(line, 0, line, this.lines[line].length) };
  }
  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.lines.length - 1);
    let offset = 0;
    for (let index = 0; index < line; index++) offset += this.lines[index].length + 1;
    return offset + Math.min(position.character, this.lines[line].length);
  }
  positionAt(offset: number): Position {
    let rest = Math.min(Math.max(offset, 0), this.text.length);
    for (let line = 0; line < this.lines.length; line++) {
      if (rest <= this.lines[line].length) return new Position(line, rest);
      rest -= this.lines[line].length + 1;
    }
    return new Position(this.lines.length - 1, this.lines.at(-1)!.length);
  }
  getText(range?: Range): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
}

/** What workspace.registerTextDocumentContentProvider takes. */
export interface FakeContentProvider {
  onDidChange?: Event<Uri>;
  provideTextDocumentContent(uri: Uri): string | undefined | null | Promise<string | undefined | null>;
}

export function fakeEditor(document: FakeTextDocument, selection: Selection = new Selection(0, 0, 0, 0)): { document: FakeTextDocument; selection: Selection; selections: Selection[] } {
  return { document, selection, selections: [selection] };
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export enum SymbolKind {
  File = 0,
  Module = 1,
  Namespace = 2,
  Package = 3,
  Class = 4,
  Method = 5,
  Property = 6,
  Field = 7,
  Constructor = 8,
  Enum = 9,
  Interface = 10,
  Function = 11,
  Variable = 12,
  Constant = 13,
  String = 14,
  Number = 15,
  Boolean = 16,
  Array = 17,
  Object = 18,
  Key = 19,
  Null = 20,
  EnumMember = 21,
  Struct = 22,
  Event = 23,
  Operator = 24,
  TypeParameter = 25,
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly Source = new CodeActionKind('source');
  private constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export class CodeAction {
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  command?: { title: string; command: string; arguments?: unknown[] };
  edit?: WorkspaceEdit;
  constructor(
    public title: string,
    public kind?: CodeActionKind,
  ) {}
}

export class RelativePattern {
  readonly baseUri: Uri;
  constructor(
    /** As in VS Code: a folder's path, its Uri, or a WorkspaceFolder. */
    base: Uri | string | { uri: Uri },
    readonly pattern: string,
  ) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base instanceof Uri ? base : base.uri;
  }
}

export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}

export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code = 'Unknown',
  ) {
    super(message);
  }
  static FileNotFound(what?: unknown): FileSystemError {
    return new FileSystemError(`${String(what)} not found`, 'FileNotFound');
  }
}

export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}

export enum InputBoxValidationSeverity {
  Info = 1,
  Warning = 2,
  Error = 3,
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}

// ---- storage -----------------------------------------------------------------------------------------------------

/** An in-memory Memento (workspaceState / globalState). */
export class FakeMemento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
  setKeysForSync(): void {}
}

/** An in-memory SecretStorage; `failReads` makes every read throw, as a locked or changed keyring does. */
export class FakeSecretStorage {
  readonly values = new Map<string, string>();
  failReads: Error | undefined;
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    if (this.failReads) throw this.failReads;
    return this.values.get(key);
  }
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

/** A LogOutputChannel that keeps every line, so tests can assert what was (and was not) logged. */
export class FakeLog {
  readonly lines: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; text: string }[] = [];
  readonly logLevel = LogLevel.Info;
  readonly onDidChangeLogLevel = new EventEmitter<LogLevel>().event;
  constructor(readonly name = 'Claude Chat') {}
  trace(message: string, ...args: unknown[]): void {
    this.record('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.record('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.record('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.record('warn', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.record('error', error instanceof Error ? (error.stack ?? error.message) : error, args);
  }
  append(value: string): void {
    this.record('info', value, []);
  }
  appendLine(value: string): void {
    this.record('info', value, []);
  }
  replace(): void {}
  clear(): void {}
  show(): void {}
  hide(): void {}
  dispose(): void {}
  /** Everything logged, one line per entry. */
  text(): string {
    return this.lines.map((line) => `${line.level}: ${line.text}`).join('\n');
  }
  private record(level: FakeLog['lines'][number]['level'], message: string, args: unknown[]): void {
    this.lines.push({ level, text: [message, ...args.map((arg) => (arg instanceof Error ? arg.message : JSON.stringify(arg)))].join(' ') });
  }
}

/** A webview as ChatConnection sees it: `receive` plays a message the page posted; `posted` is what the host sent. */
export class FakeWebview {
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  async postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    return true;
  }
  receive(message: unknown): void {
    this.received.fire(message);
  }
}

// ---- status bar and progress -------------------------------------------------------------------------------------

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

/** Only what the host builds tooltips with; the text is kept as Markdown source. */
export class MarkdownString {
  isTrusted: boolean | { enabledCommands: readonly string[] } | undefined;
  supportHtml: boolean | undefined;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendMarkdown(value: string): MarkdownString {
    this.value += value;
    return this;
  }
  appendText(value: string): MarkdownString {
    this.value += value.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
    return this;
  }
}

export class FakeStatusBarItem {
  text = '';
  name: string | undefined;
  tooltip: string | MarkdownString | undefined;
  command: string | { command: string; title: string; arguments?: unknown[] } | undefined;
  backgroundColor: ThemeColor | undefined;
  accessibilityInformation: { label: string; role?: string } | undefined;
  visible = false;
  disposed = false;
  constructor(
    readonly id: string | undefined,
    readonly alignment: StatusBarAlignment,
    readonly priority: number | undefined,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
    this.visible = false;
  }
}

/** Every item made with window.createStatusBarItem, in order (tests empty it themselves). */
export const statusBarItems: FakeStatusBarItem[] = [];
/** The title of every window.withProgress, in order (tests empty it themselves). */
export const progressTitles: (string | undefined)[] = [];

// ---- what tests script and read -----------------------------------------------------------------------------------

export interface ShownMessage {
  level: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
  /** Present only when the message was shown as a modal dialog. */
  modal?: true;
  detail?: string;
}

type Answer<T> = T | ((...args: never[]) => T | Promise<T>);

/** Scripted answers and recorded calls; `fake.reset()` between tests. */
export const fake = {
  /** Every message box shown, in order. */
  messages: [] as ShownMessage[],
  /** Answers for the next message boxes (an item's text, or undefined for dismissed), in order. */
  messageAnswers: [] as Answer<string | undefined>[],
  inputAnswers: [] as Answer<string | undefined>[],
  quickPickAnswers: [] as Answer<unknown>[],
  /** Every picker made with window.createQuickPick, in order; a test drives it (`accept`, `hide`) as a user would. */
  quickPicks: [] as FakeQuickPick<{ label: string }>[],
  saveDialogAnswers: [] as Answer<Uri | undefined>[],
  openDialogAnswers: [] as Answer<Uri[] | undefined>[],
  /** Every command executed through vscode.commands.executeCommand, with its arguments. */
  executedCommands: [] as { id: string; args: unknown[] }[],
  /** Every URI passed to env.openExternal. */
  openedExternal: [] as Uri[],
  statusBarMessages: [] as string[],
  clipboard: '',
  /** What languages.getDiagnostics reports, by uri.toString(). */
  diagnostics: new Map<string, Diagnostic[]>(),
  /** Code action providers registered through languages.registerCodeActionsProvider. */
  codeActionProviders: [] as { selector: unknown; provider: unknown; metadata?: unknown }[],
  /** Providers registered through workspace.registerTextDocumentContentProvider, by scheme (removed when disposed). */
  contentProviders: new Map<string, FakeContentProvider>(),
  /** Every document shown through window.showTextDocument, with its options. */
  shownDocuments: [] as { document: FakeTextDocument; options?: unknown }[],
  reset(): void {
    fake.messages.length = 0;
    fake.messageAnswers.length = 0;
    fake.inputAnswers.length = 0;
    fake.quickPickAnswers.length = 0;
    fake.quickPicks.length = 0;
    fake.saveDialogAnswers.length = 0;
    fake.openDialogAnswers.length = 0;
    fake.executedCommands.length = 0;
    fake.openedExternal.length = 0;
    fake.statusBarMessages.length = 0;
    fake.clipboard = '';
    fake.diagnostics.clear();
    fake.codeActionProviders.length = 0;
    fake.shownDocuments.length = 0;
    configuration.clear();
    workspaceState.trusted = true;
    workspace.workspaceFolders = undefined;
    env.remoteName = undefined;
    registeredCommands.clear();
  },
  /** Sets a setting at a scope, as the user (Global) or a repository's .vscode/settings.json (Workspace) would. */
  setConfiguration(key: string, value: unknown, target: ConfigurationTarget = ConfigurationTarget.Global): void {
    const scopes = configuration.get(key) ?? {};
    scopes[target] = value;
    configuration.set(key, scopes);
    configurationChanged.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
  },
  /** The window's remote (`vscode.env.remoteName`); undefined is a local window. */
  setRemoteName(remoteName: string | undefined): void {
    env.remoteName = remoteName;
  },
  setTrusted(trusted: boolean): void {
    workspaceState.trusted = trusted;
    if (trusted) trustGranted.fire();
  },
};

async function answer<T>(queue: Answer<T>[], fallback: T, ...args: unknown[]): Promise<T> {
  if (queue.length === 0) return fallback;
  const next = queue.shift()!;
  return typeof next === 'function' ? await (next as (...a: unknown[]) => T | Promise<T>)(...args) : next;
}

function showMessage(level: ShownMessage['level']) {
  return (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((item): item is string => typeof item === 'string');
    const options = rest.find((item): item is { modal?: boolean; detail?: string } => typeof item === 'object' && item !== null);
    fake.messages.push({ level, text, items, ...(options?.modal ? { modal: true as const } : {}), ...(options?.detail !== undefined ? { detail: options.detail } : {}) });
    return answer(fake.messageAnswers, undefined, text, items);
  };
}

/**
 * window.createQuickPick's picker. As in VS Code, hide() and dispose() of a visible picker fire onDidHide; a test
 * plays the user with accept(item) (Enter on an item) and hide() (Escape).
 */
export class FakeQuickPick<T extends { label: string }> {
  items: readonly T[] = [];
  activeItems: readonly T[] = [];
  selectedItems: readonly T[] = [];
  title: string | undefined;
  placeholder: string | undefined;
  value = '';
  busy = false;
  enabled = true;
  ignoreFocusOut = false;
  matchOnDescription = false;
  matchOnDetail = false;
  canSelectMany = false;
  keepScrollPosition = false;
  visible = false;
  disposed = false;
  private readonly accepted = new EventEmitter<void>();
  private readonly hidden = new EventEmitter<void>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidChangeValue = new EventEmitter<string>().event;
  readonly onDidChangeActive = new EventEmitter<readonly T[]>().event;
  readonly onDidChangeSelection = new EventEmitter<readonly T[]>().event;
  readonly onDidTriggerButton = new EventEmitter<unknown>().event;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.hidden.fire();
  }
  dispose(): void {
    this.hide();
    this.disposed = true;
  }
  /** The user presses Enter on `item`. */
  accept(item: T): void {
    this.activeItems = [item];
    this.selectedItems = [item];
    this.accepted.fire();
  }
}

// ---- window ------------------------------------------------------------------------------------------------------

export const window = {
  showInformationMessage: showMessage('info'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  showInputBox: (options?: unknown) => answer(fake.inputAnswers, undefined, options),
  showQuickPick: (items: unknown, options?: unknown) => answer(fake.quickPickAnswers, undefined, items, options),
  createQuickPick: <T extends { label: string }>(): FakeQuickPick<T> => {
    const picker = new FakeQuickPick<T>();
    fake.quickPicks.push(picker as unknown as FakeQuickPick<{ label: string }>);
    return picker;
  },
  showSaveDialog: (options?: unknown) => answer(fake.saveDialogAnswers, undefined, options),
  showOpenDialog: (options?: unknown) => answer(fake.openDialogAnswers, undefined, options),
  setStatusBarMessage: (text: string) => {
    fake.statusBarMessages.push(text);
    return new Disposable(() => undefined);
  },
  /** Both overloads: (id, alignment?, priority?) and (alignment?, priority?). */
  createStatusBarItem(first?: string | StatusBarAlignment, second?: StatusBarAlignment | number, third?: number): FakeStatusBarItem {
    const item = typeof first === 'string' ? new FakeStatusBarItem(first, (second as StatusBarAlignment | undefined) ?? StatusBarAlignment.Left, third) : new FakeStatusBarItem(undefined, first ?? StatusBarAlignment.Left, second);
    statusBarItems.push(item);
    return item;
  },
  /** Runs the task at once, with a progress and a token nobody cancels. */
  withProgress<T>(options: { title?: string }, task: (progress: { report(value: unknown): void }, token: { isCancellationRequested: boolean; onCancellationRequested: Event<unknown> }) => Thenable<T>): Thenable<T> {
    progressTitles.push(options.title);
    return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: new EventEmitter<unknown>().event });
  },
  createOutputChannel: (name: string) => new FakeLog(name),
  /** Registrations are accepted and forgotten: no view is ever resolved in plain Node. */
  registerWebviewViewProvider: () => new Disposable(() => undefined),
  registerWebviewPanelSerializer: () => new Disposable(() => undefined),
  activeTextEditor: undefined as unknown,
  /** Tab groups as tests set them: `{ all: [{ tabs: [{ input: { uri }, label, isDirty, isActive }] }] }`. */
  tabGroups: { all: [] as { tabs: { input: unknown; label: string; isDirty?: boolean; isActive?: boolean }[] }[] },
  visibleTextEditors: [] as unknown[],
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
  async showTextDocument(document: FakeTextDocument, options?: unknown) {
    fake.shownDocuments.push({ document, options });
    return fakeEditor(document);
  },
};

// ---- workspace ---------------------------------------------------------------------------------------------------

/** key ("claudeChat.baseUrl") → value per ConfigurationTarget. */
const configuration = new Map<string, Partial<Record<ConfigurationTarget, unknown>>>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const trustGranted = new EventEmitter<void>();
const workspaceState = { trusted: true };

/**
 * As in VS Code, a folder's value (ConfigurationTarget.WorkspaceFolder, a multi-root workspace's folder settings) is
 * seen only through a configuration asked for with a resource or folder (`scope`); without one it does not apply.
 */
function configurationSection(section?: string, scope?: unknown) {
  const full = (key: string) => (section ? `${section}.${key}` : key);
  const hasScope = scope !== undefined && scope !== null;
  return {
    get<T>(key: string, defaultValue?: T): T | undefined {
      const scopes = configuration.get(full(key));
      if (!scopes) return defaultValue;
      const targets = hasScope ? [ConfigurationTarget.WorkspaceFolder, ConfigurationTarget.Workspace, ConfigurationTarget.Global] : [ConfigurationTarget.Workspace, ConfigurationTarget.Global];
      for (const target of targets) {
        if (target in scopes) return scopes[target] as T;
      }
      return defaultValue;
    },
    has(key: string): boolean {
      return configuration.has(full(key));
    },
    inspect<T>(key: string) {
      const scopes = configuration.get(full(key)) ?? {};
      return {
        key: full(key),
        globalValue: scopes[ConfigurationTarget.Global] as T | undefined,
        workspaceValue: scopes[ConfigurationTarget.Workspace] as T | undefined,
        workspaceFolderValue: hasScope ? (scopes[ConfigurationTarget.WorkspaceFolder] as T | undefined) : undefined,
      };
    },
    async update(key: string, value: unknown, target: ConfigurationTarget | boolean = ConfigurationTarget.Global): Promise<void> {
      const scope = target === true ? ConfigurationTarget.Global : target === false ? ConfigurationTarget.Workspace : target;
      if (value === undefined) {
        const scopes = configuration.get(full(key));
        if (scopes) delete scopes[scope];
        configurationChanged.fire({ affectsConfiguration: (s: string) => full(key) === s || full(key).startsWith(`${s}.`) });
      } else fake.setConfiguration(full(key), value, scope);
    },
  };
}

export const workspace = {
  getConfiguration: configurationSection,
  onDidChangeConfiguration: configurationChanged.event,
  get isTrusted(): boolean {
    return workspaceState.trusted;
  },
  onDidGrantWorkspaceTrust: trustGranted.event,
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
  asRelativePath: (value: Uri | string) => (typeof value === 'string' ? value : value.fsPath),
  /** The documents open in editors, as tests set them (none by default). */
  textDocuments: [] as FakeTextDocument[],
  registerTextDocumentContentProvider(scheme: string, provider: FakeContentProvider): Disposable {
    fake.contentProviders.set(scheme, provider);
    return new Disposable(() => fake.contentProviders.get(scheme) === provider && fake.contentProviders.delete(scheme));
  },
  /** A file from disk, or a virtual document from its scheme's content provider; the language from the extension. */
  async openTextDocument(uri: Uri): Promise<FakeTextDocument> {
    const provider = fake.contentProviders.get(uri.scheme);
    if (uri.scheme !== 'file' && !provider) throw new Error(`cannot open ${uri.toString()}: no provider for ${uri.scheme}`);
    const text = provider ? await provider.provideTextDocumentContent(uri) : await fs.readFile(uri.fsPath, 'utf8');
    const language = ({ '.json': 'json', '.ts': 'typescript', '.py': 'python', '.md': 'markdown' } as Record<string, string>)[path.extname(uri.path)];
    return new FakeTextDocument(uri, text ?? '', language ?? 'plaintext');
  },
  /** The folder of workspaceFolders whose path contains the uri's, like VS Code (the innermost one). */
  getWorkspaceFolder(uri: Uri): { uri: Uri; name: string; index: number } | undefined {
    const inside = (workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === uri.scheme && (uri.path === folder.uri.path || uri.path.startsWith(`${folder.uri.path.replace(/\/+$/, '')}/`)));
    return inside.sort((a, b) => b.uri.path.length - a.uri.path.length)[0];
  },
  /**
   * Every file under a RelativePattern's base, or under every workspace folder for a string pattern, sorted (the
   * pattern itself and the exclude are not interpreted).
   */
  async findFiles(include: RelativePattern | string, _exclude?: unknown, maxResults?: number): Promise<Uri[]> {
    const bases = typeof include === 'string' ? (workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath) : [include.baseUri.fsPath];
    const files: Uri[] = [];
    for (const base of bases) {
      const names = (await fs.readdir(base, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
      files.push(...names.map((entry) => Uri.file(path.join(entry.parentPath, entry.name))));
    }
    files.sort((a, b) => a.path.localeCompare(b.path));
    return maxResults === undefined ? files : files.slice(0, maxResults);
  },
  onDidChangeWorkspaceFolders: new EventEmitter<unknown>().event,
  /** A watcher that never fires: unit tests make the changes they need themselves. */
  createFileSystemWatcher(): { onDidCreate: Event<Uri>; onDidChange: Event<Uri>; onDidDelete: Event<Uri>; dispose(): void } {
    const created = new EventEmitter<Uri>();
    const changed = new EventEmitter<Uri>();
    const deleted = new EventEmitter<Uri>();
    return { onDidCreate: created.event, onDidChange: changed.event, onDidDelete: deleted.event, dispose: () => undefined };
  },
  fs: {
    readFile: async (uri: Uri) => new Uint8Array(await fs.readFile(uri.fsPath)),
    writeFile: async (uri: Uri, content: Uint8Array) => fs.writeFile(uri.fsPath, content),
    stat: async (uri: Uri) => {
      const stat = await fs.stat(uri.fsPath).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? FileSystemError.FileNotFound(uri.fsPath) : error;
      });
      return { type: stat.isDirectory() ? FileType.Directory : FileType.File, size: stat.size, ctime: stat.ctimeMs, mtime: stat.mtimeMs };
    },
    /** As VS Code answers: `git` is read-only, disk and remote are writable, any other scheme is unknown. */
    isWritableFileSystem: (scheme: string): boolean | undefined => (scheme === 'git' ? false : scheme === 'file' || scheme === 'vscode-remote' ? true : undefined),
  },
};

// ---- languages ---------------------------------------------------------------------------------------------------

const diagnosticsChanged = new EventEmitter<{ uris: readonly Uri[] }>();

/** Sets what languages.getDiagnostics reports for a file and fires onDidChangeDiagnostics, as a language server would. */
export function setFakeDiagnostics(uri: Uri, list: Diagnostic[]): void {
  if (list.length === 0) fake.diagnostics.delete(uri.toString());
  else fake.diagnostics.set(uri.toString(), list);
  diagnosticsChanged.fire({ uris: [uri] });
}

/** What `fake.diagnostics` holds for the uri; without one, every file's, as VS Code's second overload returns them. */
function getDiagnostics(uri: Uri): Diagnostic[];
function getDiagnostics(): [Uri, Diagnostic[]][];
function getDiagnostics(uri?: Uri): Diagnostic[] | [Uri, Diagnostic[]][] {
  if (uri === undefined) return [...fake.diagnostics.entries()].map(([key, list]): [Uri, Diagnostic[]] => [Uri.parse(key), list]);
  return fake.diagnostics.get(uri.toString()) ?? [];
}

export const languages = {
  getDiagnostics,
  onDidChangeDiagnostics: diagnosticsChanged.event,
  async setTextDocumentLanguage(document: FakeTextDocument, languageId: string): Promise<FakeTextDocument> {
    return new FakeTextDocument(document.uri, document.getText(), languageId, document.version);
  },
  registerCodeActionsProvider(selector: unknown, provider: unknown, metadata?: unknown): Disposable {
    const entry = { selector, provider, metadata };
    fake.codeActionProviders.push(entry);
    return new Disposable(() => fake.codeActionProviders.splice(fake.codeActionProviders.indexOf(entry), 1));
  },
};

// ---- commands and env --------------------------------------------------------------------------------------------

const registeredCommands = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    registeredCommands.set(id, handler);
    return new Disposable(() => registeredCommands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    fake.executedCommands.push({ id, args });
    return registeredCommands.get(id)?.(...args);
  },
  async getCommands(): Promise<string[]> {
    return [...registeredCommands.keys()];
  },
};

export const env = {
  /** What `vscode.env.remoteName` says: undefined in a local window; tests set e.g. 'dev-container' or 'ssh-remote'. */
  remoteName: undefined as string | undefined,
  async openExternal(uri: Uri): Promise<boolean> {
    fake.openedExternal.push(uri);
    return true;
  },
  clipboard: {
    readText: async () => fake.clipboard,
    writeText: async (text: string) => {
      fake.clipboard = text;
    },
  },
};

// ---- diff review (src/editor/diffReview.ts): only what its module needs to load -----------------------------------

export enum EndOfLine {
  LF = 1,
  CRLF = 2,
}

export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}

export class TabInputTextDiff {
  constructor(
    readonly original: Uri,
    readonly modified: Uri,
  ) {}
}
