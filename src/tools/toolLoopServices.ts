import type * as vscode from 'vscode';
import type { ToolSettings } from '../config/toolSettings';
import type { ToolLoopServices } from '../conversations/chatSessionTypes';
import { hasToolBlocks, NOT_RUN_RESULT, toolUses } from '../shared/toolTurns';
import { currentToolAvailability, type ToolAvailability } from './toolAvailability';
import type { ToolCallBoard } from './toolCallBoard';
import { runToolRound, type ToolRunner } from './toolRound';

export interface ToolLoopDeps {
  settings: () => ToolSettings;
  runner: ToolRunner;
  board: ToolCallBoard;
  log: vscode.LogOutputChannel;
  /** Whether tools may run here now (trust, virtual folders, the setting); tests give their own. */
  availability?: (enabled: boolean) => ToolAvailability;
}

/**
 * The answer loop's view of the workspace tools: offered while they are available here, defined but forbidden when
 * they are not and the history holds tool blocks (the API refuses such blocks without the definitions), and each
 * round decided on the cards and run by the runner.
 */
export function createToolLoopServices(deps: ToolLoopDeps): ToolLoopServices {
  const availability = () => (deps.availability ?? currentToolAvailability)(deps.settings().enabled);
  return {
    toolUse: (history) => (availability().available ? 'auto' : hasToolBlocks(history) ? 'none' : undefined),
    maxRounds: () => deps.settings().maxRounds,
    round: async (conversationId, answer, signal) => {
      const now = availability();
      // Tools were turned off (or trust taken back) after Claude asked: each call is answered with why.
      if (!now.available) {
        deps.log.info(`Tool calls not run: ${now.reason}`);
        return toolUses(answer).map((call) => ({ type: 'tool_result', toolUseId: call.id, content: `${NOT_RUN_RESULT} ${now.reason}`, isError: true }));
      }
      return runToolRound(answer, { conversationId, runner: deps.runner, board: deps.board, autoApprove: deps.settings().autoApproveReads, signal, log: (line) => deps.log.info(line) });
    },
  };
}
