/**
 * What the code command factories (src/commands) get, stubbed for plain Node: a runner that records each run instead
 * of sending, prompt files the test lists, and the editor the test opened.
 */
import type * as vscode from 'vscode';
import type { CodeCommandRunner, CodeSource, RunOutcome } from '../../src/codeCommands/codeCommandRunner';
import type { PromptFileListing, PromptFileSource } from '../../src/codeCommands/promptFileSource';
import type { ResolvedCommand } from '../../src/codeCommands/resolvedCommand';
import type { CodeCommandServices, CommandContext } from '../../src/commands/command';
import { DEFAULT_SETTINGS, defaultCodeCommandSettings, type ChatSettings } from '../../src/config/settingsSchema';
import type { ChatSession } from '../../src/conversations/chatSession';
import type { DiffReview } from '../../src/editor/diffReview';
import type { LastEditorTracker } from '../../src/editor/lastEditor';
import { FakeLog } from '../fakes/vscode';

export interface RecordedRun {
  command: ResolvedCommand;
  source: CodeSource;
  options: { question?: string };
}

export interface CodeCommandStubs {
  context: CommandContext;
  services: CodeCommandServices;
  /** Settings the commands read; change them between runs. */
  settings: ChatSettings;
  /** Every runner.run call, in order. */
  runs: RecordedRun[];
  /** What promptFiles.list() answers. */
  promptFiles: PromptFileListing;
  /** The editor LastEditorTracker reports (a fakeEditor), or undefined. */
  editor: unknown;
  /** How many times the chat was revealed. */
  reveals: number;
}

export function codeCommandStubs(session?: ChatSession): CodeCommandStubs {
  const stubs: CodeCommandStubs = {
    settings: { ...DEFAULT_SETTINGS, codeCommands: defaultCodeCommandSettings() },
    runs: [],
    promptFiles: { commands: [], problems: [] },
    editor: undefined,
    reveals: 0,
    context: undefined as unknown as CommandContext,
    services: undefined as unknown as CodeCommandServices,
  };
  const runner = {
    run: async (command: ResolvedCommand, source: CodeSource, options: { question?: string } = {}): Promise<RunOutcome> => {
      stubs.runs.push({ command, source, options });
      return { status: 'cancelled' };
    },
  };
  const promptFiles = { list: async () => stubs.promptFiles };
  const editors = {
    get editor() {
      return stubs.editor;
    },
  };
  stubs.context = { session, settings: () => stubs.settings, log: new FakeLog() as unknown as vscode.LogOutputChannel } as unknown as CommandContext;
  stubs.services = {
    runner: runner as unknown as CodeCommandRunner,
    diffReview: {} as DiffReview,
    editors: editors as unknown as LastEditorTracker,
    promptFiles: promptFiles as unknown as PromptFileSource,
    revealChat: async () => {
      stubs.reveals++;
    },
  };
  return stubs;
}
