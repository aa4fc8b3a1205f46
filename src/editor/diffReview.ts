import * as vscode from 'vscode';
import { fitReplacement, relocateSpan, spanAfterChanges, spliceText, type TextSpan } from '../shared/rangeRelocation';
import { Disposable } from '../util/disposable';

export const PROPOSAL_SCHEME = 'claude-chat-proposal';
/** True while a proposal waits for Accept or Reject; package.json's editor/title buttons need it. */
export const REVIEWING_CONTEXT_KEY = 'claudeChat.reviewingProposal';
export const REVIEW_CHOICES = { accept: 'Accept', reject: 'Reject', showCurrent: 'Show Diff Against Current Text', discard: 'Discard' } as const;

export interface ProposedEdit {
  uri: vscode.Uri;
  range: vscode.Range;
  /** The document's text at `range` in `version`: the code Claude was given. */
  originalText: string;
  version: number;
  proposedText: string;
  /** Names the change in the diff's title and the question: "Refactor", "Fix"… */
  commandTitle: string;
  /**
   * Claude rewrote the whole file: it applies only while the file is still exactly `originalText`. Unset, a range
   * covering the whole file counts as such if the file has not changed since `version`.
   */
  wholeDocument?: boolean;
}

export type ReviewOutcome = 'applied' | 'rejected' | 'unchanged' | 'failed';
export type Ask = (message: string, ...items: string[]) => Thenable<string | undefined>;
export interface DiffReviewOptions {
  /** Shows a notification and resolves with the chosen item; tests answer it, as they cannot click. */
  ask?: Ask;
}

/** Where the code under review is in the document, as of `version`. */
interface Target {
  range: vscode.Range;
  text: string;
  version: number;
  wholeDocument: boolean;
}

/** A proposal on screen: the diff's right side follows edits made elsewhere in the file while it is open. */
interface Shown {
  uri: vscode.Uri;
  target: Target;
  decided: Promise<boolean>;
  settle(accepted: boolean): void;
  listeners: vscode.Disposable[];
}

/**
 * Shows Claude's proposed code as a diff against the file and applies it, as one undo step, only when the user
 * accepts: from the notification or from the diff's title buttons. Nothing touches the document before that.
 */
export class DiffReview extends Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  private readonly shown = new Map<string, Shown>();
  // The extension's instance and a test's share the scheme, so their proposal paths must differ.
  private readonly instance = Math.random().toString(36).slice(2, 8);
  private counter = 0;

  constructor(private readonly options: DiffReviewOptions = {}) {
    super();
    this._register(
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        onDidChange: this.changed.event,
        // Undefined rather than '' for another instance's proposal: VS Code then asks the scheme's next provider.
        provideTextDocumentContent: (uri) => this.contents.get(uri.toString()),
      }),
    );
  }

  /** `overrides.ask` answers this review's questions instead of the constructor's (CodeActions' confirm seam). */
  async review(edit: ProposedEdit, overrides: DiffReviewOptions = {}): Promise<ReviewOutcome> {
    const ask = overrides.ask ?? this.options.ask;
    const path = vscode.workspace.asRelativePath(edit.uri);
    try {
      const document = await vscode.workspace.openTextDocument(edit.uri);
      let last = initialTarget(document, edit);
      let target = locate(document, last);
      let changedWhile = 'while Claude answered';
      for (;;) {
        if (!target) {
          const choice = await this.say(ask, 'warning', changedMessage(path, last, changedWhile), REVIEW_CHOICES.showCurrent, REVIEW_CHOICES.discard);
          if (choice !== REVIEW_CHOICES.showCurrent) return 'rejected';
          target = sameLinesNow(document, last);
        }
        const replacement = fitReplacement(edit.proposedText, target.text, eolOf(document));
        const where = describeRange(path, target.range, target.wholeDocument);
        if (replacement === target.text) {
          void this.say(ask, 'info', `Claude Chat: ${edit.commandTitle} by Claude left ${where} as it was; there is nothing to apply.`);
          return 'unchanged';
        }
        const shown = await this.show(document, target, replacement, `${path} ↔ ${edit.commandTitle} by Claude`);
        let applied: vscode.Range | undefined;
        try {
          void this.say(ask, 'info', `Claude Chat: ${edit.commandTitle} by Claude for ${where}. Accept the change shown in the diff?`, REVIEW_CHOICES.accept, REVIEW_CHOICES.reject).then(
            (choice) => shown.settle(choice === REVIEW_CHOICES.accept),
            () => shown.settle(false),
          );
          if (!(await shown.decided)) return 'rejected';
          // Checked again: the file may have changed while the diff was open.
          last = shown.target;
          target = locate(document, last);
          if (target) applied = await applyReplacement(document, target.range, replacement);
        } finally {
          await this.close(shown);
        }
        if (!target) {
          changedWhile = 'while the diff was open';
          continue;
        }
        if (!applied) {
          void vscode.window.showErrorMessage(`Claude Chat: ${edit.commandTitle} by Claude could not be applied to ${path}.`);
          return 'failed';
        }
        revealApplied(document, applied);
        vscode.window.setStatusBarMessage(`$(check) ${edit.commandTitle} by Claude applied to ${path}`, 3000);
        return 'applied';
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`Claude Chat: could not review Claude's change to ${path}: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  }

  /** The editor/title Accept button: it passes the diff's resource; from elsewhere, the active diff decides. */
  acceptActive(resource?: unknown): Promise<void> {
    return this.decideActive(true, resource);
  }

  rejectActive(resource?: unknown): Promise<void> {
    return this.decideActive(false, resource);
  }

  override dispose(): void {
    for (const shown of this.shown.values()) shown.settle(false);
    super.dispose();
  }

  private async decideActive(accepted: boolean, resource: unknown): Promise<void> {
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const key = pickReview(
      [...this.shown.keys()],
      resource instanceof vscode.Uri ? resource.toString() : undefined,
      active instanceof vscode.TabInputTextDiff ? active.modified.toString() : undefined,
    );
    const shown = key === undefined ? undefined : this.shown.get(key);
    if (!shown) {
      void vscode.window.showInformationMessage('Claude Chat: no change proposed by Claude is waiting here for Accept or Reject.');
      return;
    }
    shown.settle(accepted);
  }

  private async show(document: vscode.TextDocument, target: Target, replacement: string, title: string): Promise<Shown> {
    const name = document.uri.path.split('/').pop() || 'proposal';
    // The file name keeps the extension, so the right side gets the same language as the left.
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.instance}-${++this.counter}/${name}` });
    let span: TextSpan | undefined = spanOf(document, target.range);
    const render = (at: TextSpan) => this.contents.set(uri.toString(), spliceText(document.getText(), at, replacement));
    render(span);
    let settle!: (accepted: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (settle = resolve));
    const shown: Shown = { uri, target, decided, settle, listeners: [] };
    shown.listeners.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() !== document.uri.toString() || event.contentChanges.length === 0) return;
        const text = document.getText();
        const shifted = span && spanAfterChanges(span, event.contentChanges);
        const found =
          shifted && !shown.target.wholeDocument && text.slice(shifted.start, shifted.end) === shown.target.text
            ? shifted
            : relocateSpan(text, shifted ?? span ?? spanOf(document, shown.target.range), shown.target.text, shown.target.wholeDocument);
        span = found;
        if (!found) return;
        shown.target = { ...shown.target, range: rangeOf(document, found), version: document.version };
        render(found);
        this.changed.fire(uri);
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        // Closing the diff is a way to say no.
        if (event.closed.some((tab) => isTabOf(tab, uri))) settle(false);
      }),
    );
    this.shown.set(uri.toString(), shown);
    this.updateContextKey();
    try {
      await vscode.commands.executeCommand('vscode.diff', document.uri, uri, title, { preview: false });
    } catch (error) {
      await this.close(shown);
      throw error;
    }
    return shown;
  }

  private async close(shown: Shown): Promise<void> {
    shown.settle(false);
    for (const listener of shown.listeners) listener.dispose();
    this.shown.delete(shown.uri.toString());
    this.updateContextKey();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isTabOf(tab, shown.uri));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    this.contents.delete(shown.uri.toString());
  }

  private updateContextKey(): void {
    if (this.isDisposed) return;
    void vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT_KEY, this.shown.size > 0);
  }

  private say(ask: Ask | undefined, level: 'info' | 'warning', message: string, ...items: string[]): Thenable<string | undefined> {
    if (ask) return ask(message, ...items);
    return level === 'warning' ? vscode.window.showWarningMessage(message, ...items) : vscode.window.showInformationMessage(message, ...items);
  }
}

/**
 * Which proposal a button or command means: the one whose diff it was pressed on, else the active diff; a proposal
 * diff that is no longer pending means none. From anywhere else, the only pending one.
 */
export function pickReview(pending: readonly string[], resource?: string, active?: string): string | undefined {
  for (const candidate of [resource, active]) {
    if (candidate === undefined) continue;
    if (pending.includes(candidate)) return candidate;
    if (candidate.startsWith(`${PROPOSAL_SCHEME}:`)) return undefined;
  }
  return pending.length === 1 ? pending[0] : undefined;
}

/** "src/a.ts, lines 3–10", or "src/a.ts (whole file)". */
export function describeRange(path: string, range: vscode.Range, wholeDocument: boolean): string {
  return wholeDocument ? `${path} (whole file)` : `${path}, ${describeLines(range)}`;
}

/** "lines 3–10" or "line 3", 1-based; a range ending at a line's start ends on the line before. */
export function describeLines(range: vscode.Range): string {
  const first = range.start.line + 1;
  const last = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

function changedMessage(path: string, last: Target, changedWhile: string): string {
  const code = last.wholeDocument ? 'the file' : `the code Claude was given (${describeLines(last.range)})`;
  return `Claude Chat: ${path} changed ${changedWhile}, and ${code} is no longer as it was. Show Claude's change as a diff against the current text of the same lines, or discard it?`;
}

function initialTarget(document: vscode.TextDocument, edit: ProposedEdit): Target {
  const wholeDocument = edit.wholeDocument ?? (document.version === edit.version && isWholeDocument(document, edit.range));
  return { range: edit.range, text: edit.originalText, version: edit.version, wholeDocument };
}

function locate(document: vscode.TextDocument, target: Target): Target | undefined {
  if (document.version === target.version) return { ...target, text: document.getText(target.range) };
  const span = relocateSpan(document.getText(), spanOf(document, target.range), target.text, target.wholeDocument);
  return span && { ...target, range: rangeOf(document, span), version: document.version };
}

function sameLinesNow(document: vscode.TextDocument, last: Target): Target {
  const range = last.wholeDocument ? rangeOf(document, { start: 0, end: document.getText().length }) : document.validateRange(last.range);
  return { range, text: document.getText(range), version: document.version, wholeDocument: last.wholeDocument };
}

async function applyReplacement(document: vscode.TextDocument, range: vscode.Range, replacement: string): Promise<vscode.Range | undefined> {
  const start = document.offsetAt(range.start);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, replacement);
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  return rangeOf(document, { start, end: start + replacement.length });
}

function revealApplied(document: vscode.TextDocument, range: vscode.Range): void {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === document.uri.toString());
  if (!editor) return;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function isTabOf(tab: vscode.Tab, proposal: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.toString();
}

function isWholeDocument(document: vscode.TextDocument, range: vscode.Range): boolean {
  return document.offsetAt(range.start) === 0 && document.offsetAt(range.end) === document.getText().length;
}

function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

function spanOf(document: vscode.TextDocument, range: vscode.Range): TextSpan {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

function rangeOf(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}
