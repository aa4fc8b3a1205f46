import * as vscode from 'vscode';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatSession } from '../conversations/chatSession';
import { targetFromEditor, wholeFileLimits, type EditorTarget } from '../editor/codeTarget';
import type { DiffReview, ReviewOutcome } from '../editor/diffReview';
import type { LastEditorTracker } from '../editor/lastEditor';
import { readTerminalSelection, terminalSnippet } from '../editor/terminalSelection';
import { readFileSnippets } from '../editor/workspaceFiles';
import { replacementCode } from '../shared/answerCode';
import { describeChatError } from '../shared/chatError';
import type { CodeSnippet } from '../shared/codeContext';
import { budgetProblem } from '../shared/contextBudget';
import { messageText, type ChatMessage, type Invocation } from '../shared/conversation';
import { visiblePath } from '../shared/conversationTree';
import { buildCommandPrompt, formatLocation } from '../shared/promptTemplate';
import type { ResolvedCommand } from './resolvedCommand';

/** Where the code comes from: the editor (at a quick fix's range when given), files from the Explorer, the terminal. */
export type CodeSource =
  | { kind: 'editor'; anchor?: { uri: vscode.Uri; range: vscode.Range } }
  | { kind: 'files'; uris: readonly vscode.Uri[] }
  | { kind: 'terminal' };

/** What happened, for the command's caller (tests read it; users see the chat or a message). */
export type RunOutcome =
  | { status: 'sent'; reply: Promise<ChatMessage>; review?: Promise<ReviewOutcome> }
  | { status: 'refused'; reason: string }
  | { status: 'cancelled' };

/** Explorer folders are expanded up to these limits; the cut is reported, never silent. */
export const FILE_LIMITS = { maxFiles: 20, maxBytesPerFile: 256 * 1024, maxTotalBytes: 512 * 1024 };

export interface RunnerDependencies {
  session: ChatSession;
  settings: () => ChatSettings;
  editors: LastEditorTracker;
  diffReview: DiffReview;
  /** Shows the chat (the editor tab when open, else the sidebar). */
  revealChat: () => Promise<void>;
  log: vscode.LogOutputChannel;
  /** A model's context window from /v1/models (the model catalog); undefined when the model is not known. */
  contextWindow?: (model: string) => number | undefined;
}

/**
 * Runs a code command: reads the code, builds the prompt from the command's template, checks it fits, sends it as a
 * turn the transcript shows as what the user did, and, for commands that edit, offers the answer's code as a diff.
 * Every refusal says why and what to do; nothing is sent half-built.
 */
export class CodeCommandRunner {
  constructor(private readonly deps: RunnerDependencies) {}

  /** `options.question`: the answer to the command's question, given up front (it is not asked for then). */
  async run(command: ResolvedCommand, source: CodeSource, options: { question?: string } = {}): Promise<RunOutcome> {
    const invokedAt = performance.now();
    const gathered = await this.gather(command, source);
    if (!gathered.ok) return this.refuse(gathered.reason);
    const { snippets, editTarget } = gathered;
    if (command.needsDiagnostics && snippets.every((snippet) => snippet.diagnostics.length === 0)) {
      const where = describeTarget(snippets);
      void vscode.window.showInformationMessage(`Claude Chat: VS Code reports no problems in ${where}, and ${command.title} works from those problems. Find Bugs looks for bugs without them.`, 'Find Bugs').then((choice) => {
        if (choice) void vscode.commands.executeCommand('claudeChat.findBugs');
      });
      return { status: 'refused', reason: `no problems in ${where}` };
    }

    let question = options.question?.trim() ?? '';
    if (command.asksQuestion && question.length === 0) {
      const answer = await vscode.window.showInputBox({
        title: `${command.title}: ${describeTarget(snippets)}`,
        prompt: command.questionHint ?? 'What do you want to know about this code?',
        placeHolder: command.questionHint ?? 'e.g. Why is this called twice?',
        ignoreFocusOut: true,
      });
      if (answer === undefined || answer.trim().length === 0) return { status: 'cancelled' };
      question = answer.trim();
    }

    const text = buildCommandPrompt(command.template, snippets, question);
    const destination = command.answerIn ?? this.deps.settings().codeCommands.answerIn;
    const session = this.deps.session;
    const startsNew = destination === 'newConversation' && session.snapshot.messages.length > 0;
    // Counted against the conversation the turn will join: a new one takes the settings' model and system prompt.
    const settings = this.deps.settings();
    const model = command.model ?? (startsNew ? settings.model : session.snapshot.model);
    const baseSystemPrompt = startsNew ? settings.systemPrompt : session.snapshot.systemPrompt;
    const history = startsNew ? [] : visiblePath(session.snapshot);
    const historyChars = baseSystemPrompt.length + history.reduce((sum, message) => sum + messageText(message).length, 0);
    const tooBig = budgetProblem({ model, promptChars: text.length + command.systemPrompt.length, historyChars, maxTokens: settings.maxTokens, contextWindow: this.deps.contextWindow?.(model) });
    if (tooBig) return this.refuse(`${command.title} was not sent: ${tooBig.detail}`);

    if (session.busy && !(await this.stopStreamingAnswer())) return { status: 'cancelled' };
    if (startsNew) session.newChat();
    const invocation: Invocation = { command: command.title, target: describeTarget(snippets) };
    if (question) invocation.question = question;
    if (command.systemPrompt.trim()) invocation.systemPrompt = command.systemPrompt;
    if (command.model) invocation.model = command.model;
    const sent = await session.sendInvocation(text, invocation);
    if (!sent.ok) {
      const actions = sent.error.actions.includes('setApiKey') ? ['Set API Key'] : [];
      void vscode.window.showErrorMessage(`Claude Chat: ${describeChatError(sent.error)}`, ...actions).then((choice) => {
        if (choice) void vscode.commands.executeCommand('claudeChat.setApiKey');
      });
      return { status: 'refused', reason: sent.error.title };
    }
    // Shown once the request is on its way: opening the view (a webview loading) need not delay it.
    void this.deps.revealChat();
    this.deps.log.info(`${command.title}: request started ${(performance.now() - invokedAt).toFixed(1)} ms after the command (${text.length} characters)`);
    if (!command.edits || !editTarget) return { status: 'sent', reply: sent.reply };
    return { status: 'sent', reply: sent.reply, review: sent.reply.then((answer) => this.offerDiff(command, editTarget, answer)) };
  }

  private async gather(command: ResolvedCommand, source: CodeSource): Promise<{ ok: true; snippets: CodeSnippet[]; editTarget?: EditorTarget } | { ok: false; reason: string }> {
    switch (source.kind) {
      case 'editor': {
        const editor = await this.editorFor(source.anchor?.uri);
        if (!editor) return { ok: false, reason: 'Open a file and select the code first.' };
        if (command.edits && source.anchor === undefined && editor.document.uri.scheme === 'output') return { ok: false, reason: 'The output panel cannot be edited.' };
        const result = await targetFromEditor(editor, wholeFileLimits(this.deps.settings().codeCommands.wholeFileMaxLines), source.anchor ? { preferDiagnosticsAt: source.anchor.range } : undefined);
        if (!result.ok) return result;
        if (result.note) void vscode.window.showInformationMessage(`Claude Chat: ${result.note}`);
        if (result.target.snippet.origin === 'symbol') {
          vscode.window.setStatusBarMessage(`$(sparkle) No selection: ${command.title} uses ${result.target.snippet.symbol ?? 'the enclosing symbol'}`, 5000);
        }
        return { ok: true, snippets: [result.target.snippet], editTarget: result.target };
      }
      case 'files': {
        if (source.uris.length === 0) return { ok: false, reason: 'Select a file in the Explorer first.' };
        const { snippets, refused } = await readFileSnippets(source.uris, FILE_LIMITS);
        if (refused.length > 0) {
          const list = refused.slice(0, 5).map((item) => `${item.path}: ${item.reason}`).join('; ');
          const more = refused.length > 5 ? ` (and ${refused.length - 5} more)` : '';
          if (snippets.length === 0) return { ok: false, reason: `Nothing to send. ${list}${more}` };
          void vscode.window.showWarningMessage(`Claude Chat: left out ${refused.length} file${refused.length === 1 ? '' : 's'}: ${list}${more}`);
        }
        if (!command.edits) return { ok: true, snippets: snippets.map((item) => item.snippet) };
        if (snippets.length !== 1) return { ok: false, reason: `${command.title} changes one file at a time; select a single file.` };
        const document = await vscode.workspace.openTextDocument(snippets[0].uri);
        const range = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
        return { ok: true, snippets: [snippets[0].snippet], editTarget: { snippet: snippets[0].snippet, uri: document.uri, range, version: document.version } };
      }
      case 'terminal': {
        const text = await readTerminalSelection();
        if (!text?.trim()) return { ok: false, reason: 'Select text in the terminal first.' };
        return { ok: true, snippets: [terminalSnippet(text)] };
      }
    }
  }

  private async editorFor(uri: vscode.Uri | undefined): Promise<vscode.TextEditor | undefined> {
    if (!uri) return this.deps.editors.editor;
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
    if (visible) return visible;
    try {
      return await vscode.window.showTextDocument(uri, { preserveFocus: true });
    } catch {
      return undefined;
    }
  }

  /** One answer streams at a time: offers to stop the current one first. */
  private async stopStreamingAnswer(): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage('Claude Chat: an answer is still streaming. Stop it and run this command?', 'Stop and Run');
    if (!choice) return false;
    const session = this.deps.session;
    const idle = new Promise<void>((resolve) => {
      const listener = session.onDidChangeBusy((busy) => {
        if (busy) return;
        listener.dispose();
        resolve();
      });
    });
    session.stop();
    if (session.busy) await idle;
    return true;
  }

  private async offerDiff(command: ResolvedCommand, target: EditorTarget, answer: ChatMessage): Promise<ReviewOutcome> {
    if (answer.status !== 'complete') return 'failed';
    const code = replacementCode(messageText(answer), target.snippet.language);
    if (code === undefined) {
      void vscode.window.showInformationMessage(`Claude Chat: the ${command.title} answer has no code block to apply; it is in the chat.`);
      return 'failed';
    }
    return this.deps.diffReview.review({
      uri: target.uri,
      range: target.range,
      originalText: target.snippet.text,
      version: target.version,
      // DiffReview puts back the line endings and the final line break the range had.
      proposedText: code,
      commandTitle: command.title,
      wholeDocument: target.snippet.origin === 'file',
    });
  }

  private refuse(reason: string): RunOutcome {
    void vscode.window.showWarningMessage(`Claude Chat: ${reason}`);
    return { status: 'refused', reason };
  }
}

/** What the turn's heading names: "src/foo.ts:12–30", "src/foo.ts:12–30 (function main)", "a.ts, b.ts", "5 files". */
export function describeTarget(snippets: readonly CodeSnippet[]): string {
  if (snippets.length === 1) {
    const snippet = snippets[0];
    if (snippet.origin === 'symbol' && snippet.symbol) return `${formatLocation(snippet)} (${snippet.symbol})`;
    if (snippet.origin === 'file') return snippet.path;
    return formatLocation(snippet);
  }
  if (snippets.length <= 3) return snippets.map((snippet) => snippet.path).join(', ');
  return `${snippets.length} files`;
}
