import type { ChatMessage, Conversation } from './conversation';
import { isToolResultTurn } from './toolTurns';

/**
 * The model and system prompt for the answer to the last user turn of `history`: a code command's turn adds its own
 * system prompt after the conversation's and may choose its model; any other turn uses the conversation's.
 */
export function turnSettings(conversation: Conversation, history: readonly ChatMessage[]): { model: string; systemPrompt: string } {
  // A tool round's results are the host's turn, not the user's: the command's settings last through the whole loop.
  const invocation = history.findLast((message) => message.role === 'user' && !isToolResultTurn(message))?.invocation;
  const systemPrompt = [conversation.systemPrompt, invocation?.systemPrompt ?? ''].filter((part) => part.trim().length > 0).join('\n\n');
  return { model: invocation?.model ?? conversation.model, systemPrompt };
}
