import type { ChatMessage, ToolFileRef } from '../shared/conversation';
import { isToolName, validateToolInput } from '../shared/toolCatalog';
import { toolInput, toolUses, type ToolResultBlock, type ToolUseBlock } from '../shared/toolTurns';
import type { ToolCallBoard } from './toolCallBoard';

/** What runs a call against the workspace (WorkspaceTools); an interface so the round is tested on its own. */
export interface ToolRunner {
  sensitivePath(call: { id: string; name: string; input: unknown }): Promise<string | undefined>;
  run(call: { id: string; name: string; input: unknown }, signal: AbortSignal): Promise<{ content: string; isError: boolean; file?: ToolFileRef }>;
}

export interface ToolRoundContext {
  conversationId: string;
  runner: ToolRunner;
  board: ToolCallBoard;
  /** claudeChat.tools.autoApproveReads: read calls run without a card (sensitive files still ask). */
  autoApprove: boolean;
  signal: AbortSignal;
  log?: (line: string) => void;
}

/** What Claude is told about a call the user denied: enough to go on without it, and not to ask again at once. */
export const DENIED_RESULT = 'The user denied this tool call. Do not call it again unless the user asks; answer with what you have, or ask the user.';

/**
 * Decides and runs every call of `answer` (parallel calls together): each is refused at once when its input is
 * invalid, run at once when approved before, and otherwise waits for its card. Calls run as soon as they are
 * allowed; the round ends when every call has a result. Undefined when the loop was stopped meanwhile: then
 * nothing may be sent, and the calls stay unanswered.
 */
export async function runToolRound(answer: ChatMessage, context: ToolRoundContext): Promise<ToolResultBlock[] | undefined> {
  const results = await Promise.all(toolUses(answer).map((call) => settleCall(call, context)));
  if (context.signal.aborted || results.some((result) => result === undefined)) return undefined;
  return results as ToolResultBlock[];
}

async function settleCall(block: ToolUseBlock, context: ToolRoundContext): Promise<ToolResultBlock | undefined> {
  const { conversationId, board, runner, signal } = context;
  const input = toolInput(block);
  const refusal = invalidCall(block, input);
  if (refusal) return result(block, refusal, true);
  const call = { id: block.id, name: block.name, input };
  const sensitivePath = await runner.sensitivePath(call);
  if (signal.aborted) return undefined;
  const preApproved = sensitivePath === undefined && (context.autoApprove || board.isAllowedForConversation(conversationId, block.name));
  const decision = preApproved ? 'allowOnce' : await board.ask(conversationId, block.id, sensitivePath, signal);
  context.log?.(`Tool ${block.name} (${block.id}): ${preApproved ? 'pre-approved' : decision}`);
  if (decision === 'stopped') return undefined;
  if (decision === 'deny') return result(block, DENIED_RESULT, true);
  if (decision === 'allowConversation') board.allowForConversation(conversationId, block.name);
  const running = board.running(conversationId, block.id);
  try {
    const outcome = await runner.run(call, signal);
    return signal.aborted ? undefined : { type: 'tool_result', toolUseId: block.id, content: outcome.content, isError: outcome.isError, ...(outcome.file ? { file: outcome.file } : {}) };
  } catch (error) {
    // The runner reports its failures as results; anything thrown is a bug, still answered so the loop can go on.
    return result(block, `The tool failed: ${error instanceof Error ? error.message : String(error)}`, true);
  } finally {
    running.done();
  }
}

/** Why a call is refused before anyone is asked: a tool that does not exist or an input its schema refuses. */
function invalidCall(block: ToolUseBlock, input: Record<string, unknown> | undefined): string | undefined {
  if (!isToolName(block.name)) return `There is no tool named "${block.name}". Use one of the tools defined in this request.`;
  if (!input) return 'The tool input is not a JSON object.';
  const checked = validateToolInput(block.name, input);
  return checked.ok ? undefined : checked.error;
}

function result(block: ToolUseBlock, content: string, isError: boolean): ToolResultBlock {
  return { type: 'tool_result', toolUseId: block.id, content, isError };
}
