// get_editor_state: what the user has in front of them. Only workspace files (not excluded) are named; anything else
// (other folders, untitled documents, excluded files) is only counted. The selected text is shared only from a file
// that passes read_file's own path checks and is not sensitive: a selection in .env stays on the machine.
import * as vscode from 'vscode';
import { numberLines, capLines } from '../shared/toolOutput';
import type { ToolContext, ToolLocation, ToolRunResult } from './workspaceTools';

export const SELECTION_MAX_LINES = 200;
export const SELECTION_MAX_BYTES = 16 * 1024;
/** Selections whose text is included; the others are listed by range only. */
const MAX_SELECTIONS_WITH_TEXT = 5;
const MAX_SELECTIONS_LISTED = 20;
export const MAX_TABS = 100;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A uri's place in the workspace, when it is a workspace file that is not excluded. */
async function workspaceFileOf(uri: vscode.Uri, context: ToolContext): Promise<ToolLocation | undefined> {
  const location = context.locate(uri);
  if (!location || (await context.excludes.exclusionOf(location.folder, location.relative))) return undefined;
  return location;
}

/** The uri a tab shows: a text editor's, or the right-hand (modified) side of a diff. */
function tabUri(input: unknown): vscode.Uri | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const candidate = (input as { uri?: unknown; modified?: unknown }).uri ?? (input as { modified?: unknown }).modified;
  return candidate instanceof vscode.Uri ? candidate : undefined;
}

function rangeText(selection: vscode.Selection): string {
  const from = `${selection.start.line + 1}:${selection.start.character + 1}`;
  const to = `${selection.end.line + 1}:${selection.end.character + 1}`;
  const lines = selection.end.line > selection.start.line ? `lines ${selection.start.line + 1}–${selection.end.line + 1}` : `line ${selection.start.line + 1}`;
  return `${lines} (${from} to ${to})`;
}

/** The selected text numbered from its first line, capped; the note says how to read the rest. */
function selectedText(editor: vscode.TextEditor, selection: vscode.Selection, display: string): string[] {
  const text = editor.document.getText(selection);
  const first = selection.start.line + 1;
  const last = selection.end.line + 1;
  const capped = capLines(text, { maxLines: SELECTION_MAX_LINES, maxBytes: SELECTION_MAX_BYTES, firstLine: first, totalLines: last });
  const lines = [numberLines(`${capped.text}\n`, first)];
  if (capped.cut) {
    const shownUntil = first + capped.text.split('\n').length - 1;
    const rest = shownUntil < last ? `read_file "${display}" with start_line ${shownUntil + 1} and end_line ${last} for the rest` : 'the rest of that line cannot be shown';
    lines.push(`[The selection is cut after line ${shownUntil}; ${rest}.]`);
  }
  return lines;
}

async function describeActive(editor: vscode.TextEditor, context: ToolContext): Promise<string[]> {
  const document = editor.document;
  const location = await workspaceFileOf(document.uri, context);
  const facts = `${document.languageId}, ${plural(document.lineCount, 'line')}${document.isDirty ? ', unsaved changes' : ''}`;
  if (!location) {
    const what = document.uri.scheme === 'untitled' ? 'an untitled document' : 'a file outside the workspace (or excluded)';
    return [`The active editor shows ${what} (${facts}); its name and content are not shared.`];
  }
  const out = [`Active editor: ${location.display} (${facts})`];
  const cursor = editor.selection.active;
  out.push(`Cursor: line ${cursor.line + 1}, column ${cursor.character + 1}`);
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  if (selections.length === 0) return [...out, 'Nothing is selected.'];

  // The text goes only where read_file would read it unasked: real path inside, not excluded, not sensitive.
  const target = await context.resolveTarget(location.display);
  const withheld =
    typeof target === 'string'
      ? `the selected text is not shared: ${target}`
      : target.sensitive
        ? `the selected text is not shared: ${location.display} is a sensitive file (read_file asks the user first)`
        : undefined;
  const listed = selections.slice(0, MAX_SELECTIONS_LISTED);
  out.push(listed.length === 1 ? 'Selection:' : `Selections (${selections.length}):`);
  listed.forEach((selection, index) => {
    out.push(`- ${rangeText(selection)}`);
    if (!withheld && index < MAX_SELECTIONS_WITH_TEXT) out.push(...selectedText(editor, selection, location.display));
  });
  if (selections.length > listed.length) out.push(`[${selections.length - listed.length} more selections are not listed.]`);
  if (withheld) out.push(`[${withheld[0].toUpperCase()}${withheld.slice(1)}]`);
  else if (listed.length > MAX_SELECTIONS_WITH_TEXT) out.push(`[Only the first ${MAX_SELECTIONS_WITH_TEXT} selections' text is shown.]`);
  return out;
}

export async function getEditorState(context: ToolContext): Promise<ToolRunResult> {
  const out: string[] = [];
  const active = vscode.window.activeTextEditor;
  out.push(...(active ? await describeActive(active, context) : ['No editor is active.']));

  const activeDisplay = active ? (await workspaceFileOf(active.document.uri, context))?.display : undefined;
  const visible: string[] = [];
  let visibleElsewhere = 0;
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor === active) continue;
    const location = await workspaceFileOf(editor.document.uri, context);
    if (!location) visibleElsewhere++;
    else if (location.display !== activeDisplay && !visible.includes(location.display)) visible.push(location.display);
  }
  if (visible.length > 0 || visibleElsewhere > 0) {
    const elsewhere = visibleElsewhere > 0 ? `${visible.length > 0 ? '; ' : ''}${plural(visibleElsewhere, 'editor')} outside the workspace` : '';
    out.push(`Also visible: ${visible.join(', ')}${elsewhere}`);
  }

  const tabs: string[] = [];
  let tabsElsewhere = 0;
  let otherTabs = 0;
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const uri = tabUri(tab.input);
      if (!uri) {
        otherTabs++;
        continue;
      }
      const location = await workspaceFileOf(uri, context);
      if (!location) {
        tabsElsewhere++;
        continue;
      }
      const marks = [tab.isActive ? 'active' : undefined, tab.isDirty ? 'unsaved' : undefined].filter(Boolean);
      const entry = `${location.display}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
      if (!tabs.some((existing) => existing.split(' (')[0] === location.display)) tabs.push(entry);
    }
  }
  out.push('', tabs.length > 0 ? `Open tabs (${tabs.length}):` : 'No workspace files are open in tabs.');
  out.push(...tabs.slice(0, MAX_TABS).map((tab) => `- ${tab}`));
  if (tabs.length > MAX_TABS) out.push(`[${tabs.length - MAX_TABS} more tabs are not listed.]`);
  const uncounted = [
    tabsElsewhere > 0 ? `${plural(tabsElsewhere, 'tab')} on files outside the workspace (or excluded, or untitled)` : undefined,
    otherTabs > 0 ? `${plural(otherTabs, 'other tab')} (terminals, previews, settings…)` : undefined,
  ].filter(Boolean);
  if (uncounted.length > 0) out.push(`[Not named: ${uncounted.join('; ')}.]`);
  return { content: out.join('\n'), isError: false };
}
