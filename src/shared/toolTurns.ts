import type { ChatBlock, ChatMessage } from './conversation';

/**
 * How a tool round sits in the conversation tree: an answer that stopped with `stop_reason: tool_use` holds the
 * calls (`tool_use` blocks); the next message is a user turn of their `tool_result` blocks (the API requires them
 * there, before any text); the answer after that continues. These helpers read that shape for the host's loop, the
 * request builder and the webview, so all three agree on which calls are answered.
 */

export type ToolUseBlock = Extract<ChatBlock, { type: 'tool_use' }>;
export type ToolResultBlock = Extract<ChatBlock, { type: 'tool_result' }>;

/** A user turn the host wrote to answer tool calls (only tool results, no words of the user's). */
export function isToolResultTurn(message: ChatMessage | undefined): boolean {
  return message !== undefined && message.role === 'user' && message.blocks.length > 0 && message.blocks.every((block) => block.type === 'tool_result');
}

/** The tool calls of an answer, in the order the model made them. */
export function toolUses(message: ChatMessage | undefined): ToolUseBlock[] {
  return message?.role === 'assistant' ? message.blocks.filter((block): block is ToolUseBlock => block.type === 'tool_use') : [];
}

/** The results a user turn carries, by the id of the call each answers. */
export function toolResultsById(message: ChatMessage | undefined): Map<string, ToolResultBlock> {
  const results = new Map<string, ToolResultBlock>();
  if (message?.role !== 'user') return results;
  for (const block of message.blocks) if (block.type === 'tool_result') results.set(block.toolUseId, block);
  return results;
}

/** An answer waiting for its tool calls to be decided: it asked for tools, finished normally, and nothing answers it. */
export function awaitsToolResults(message: ChatMessage | undefined): boolean {
  return message?.role === 'assistant' && message.status === 'complete' && message.stopReason === 'tool_use' && toolUses(message).length > 0;
}

/** The parsed input of a call, or undefined when its JSON is cut off or not an object (a stopped stream). */
export function toolInput(block: ToolUseBlock): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(block.inputJson.length > 0 ? block.inputJson : '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Does any message of `history` carry tool blocks (the API then wants the tools defined)? */
export function hasToolBlocks(history: readonly ChatMessage[]): boolean {
  return history.some((message) => message.blocks.some((block) => block.type === 'tool_use' || block.type === 'tool_result'));
}

/** What a call that was never run says to Claude (the user wrote instead, stopped, or the round limit was reached). */
export const NOT_RUN_RESULT = 'This tool call was not run: the user stopped the tool loop or replied instead of approving it.';

/**
 * A tool call of the loop in progress. `awaitingApproval`: its card offers Allow once, Allow for this conversation and
 * Deny; `running`: allowed and being run. A call in neither state is decided (its result shows) or was never run.
 */
export interface ToolCallState {
  toolUseId: string;
  state: 'awaitingApproval' | 'running';
  /**
   * Why the card asks even though tools may be auto-approved: the call touches a sensitive file (this path). Allow for
   * this conversation is then not offered.
   */
  sensitivePath?: string;
}

/** What the user decided on a tool call's card. */
export type ToolDecision = 'allowOnce' | 'allowConversation' | 'deny';
export const TOOL_DECISIONS: readonly ToolDecision[] = ['allowOnce', 'allowConversation', 'deny'];
