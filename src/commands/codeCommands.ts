import * as vscode from 'vscode';
import { builtInCommand } from '../codeCommands/resolvedCommand';
import type { CodeSource } from '../codeCommands/codeCommandRunner';
import type { BuiltInCommandName } from '../shared/codeCommandCatalog';
import type { CodeCommandServices, Command, CommandContext } from './command';
import { COMMAND_IDS, type CommandId } from './commandIds';

/** The editor's Claude submenu and palette commands: each runs one built-in command on the selection. */
const EDITOR_COMMANDS: readonly [CommandId, BuiltInCommandName][] = [
  [COMMAND_IDS.explain, 'explain'],
  [COMMAND_IDS.refactor, 'refactor'],
  [COMMAND_IDS.findBugs, 'findBugs'],
  [COMMAND_IDS.fix, 'fix'],
  [COMMAND_IDS.writeTests, 'writeTests'],
  [COMMAND_IDS.addDocumentation, 'addDocumentation'],
  [COMMAND_IDS.optimize, 'optimize'],
  [COMMAND_IDS.askAboutSelection, 'ask'],
];

/** The Explorer's Claude submenu: the same commands on whole files. */
const EXPLORER_COMMANDS: readonly [CommandId, BuiltInCommandName][] = [
  [COMMAND_IDS.explainFile, 'explain'],
  [COMMAND_IDS.findBugsInFile, 'findBugs'],
  [COMMAND_IDS.writeTestsForFile, 'writeTests'],
  [COMMAND_IDS.addDocumentationToFile, 'addDocumentation'],
  [COMMAND_IDS.askAboutFile, 'ask'],
];

export function editorCodeCommands(context: CommandContext, services: CodeCommandServices): Command[] {
  const run = (name: BuiltInCommandName, source: CodeSource, question?: unknown) =>
    services.runner.run(builtInCommand(name, context.settings().codeCommands), source, typeof question === 'string' ? { question } : {});
  // On whole files Ask reads as what it is: "Ask About File".
  const runOnFiles = (name: BuiltInCommandName, uris: vscode.Uri[]) => {
    const command = builtInCommand(name, context.settings().codeCommands);
    return services.runner.run(name === 'ask' ? { ...command, title: 'Ask About File' } : command, { kind: 'files', uris });
  };
  return [
    // A string argument is the question (a keybinding's `args` can carry one): it is not asked for then.
    ...EDITOR_COMMANDS.map(([id, name]): Command => ({ id, run: (question?: unknown) => run(name, { kind: 'editor' }, question) })),
    // Explorer menus call with (clicked uri, all selected uris); the palette with nothing: then the active file.
    ...EXPLORER_COMMANDS.map(([id, name]): Command => ({ id, run: (clicked?: unknown, selected?: unknown) => runOnFiles(name, explorerSelection(clicked, selected, services)) })),
    // Quick fixes pass only JSON-safe arguments (commands reached through code actions have lost richer ones).
    { id: COMMAND_IDS.fixWithClaude, run: (...args: unknown[]) => run('fix', { kind: 'editor', ...anchorFrom(args) }) },
    { id: COMMAND_IDS.explainProblem, run: (...args: unknown[]) => run('explainProblem', { kind: 'editor', ...anchorFrom(args) }) },
    { id: COMMAND_IDS.explainTerminalSelection, run: () => run('explainTerminal', { kind: 'terminal' }) },
  ];
}

/** The Explorer's selection: every selected resource when the clicked one is among them, else the clicked one. */
export function explorerSelection(clicked: unknown, selected: unknown, services: CodeCommandServices): vscode.Uri[] {
  const uris = Array.isArray(selected) ? selected.filter((item): item is vscode.Uri => item instanceof vscode.Uri) : [];
  if (clicked instanceof vscode.Uri) return uris.some((uri) => uri.toString() === clicked.toString()) ? uris : [clicked];
  if (uris.length > 0) return uris;
  const active = services.editors.editor?.document.uri;
  return active ? [active] : [];
}

/** `[uri, startLine, startCharacter, endLine, endCharacter]` from a quick fix; nothing when malformed. */
export function anchorFrom(args: readonly unknown[]): { anchor?: { uri: vscode.Uri; range: vscode.Range } } {
  const [uri, ...numbers] = args;
  if (typeof uri !== 'string' || numbers.length < 4 || !numbers.slice(0, 4).every((value) => typeof value === 'number' && Number.isInteger(value) && value >= 0)) return {};
  try {
    const [startLine, startCharacter, endLine, endCharacter] = numbers as number[];
    return { anchor: { uri: vscode.Uri.parse(uri, true), range: new vscode.Range(startLine, startCharacter, endLine, endCharacter) } };
  } catch {
    return {};
  }
}
