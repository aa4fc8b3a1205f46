import type { ChatMessage, Conversation } from './conversation';

/**
 * The model and system prompt for the answer to the last user turn of `history`: a code command's turn adds its own
 * system prompt after the conversation's and may choose its model; any other turn uses the conversation's.
 */
export function turnSettings(conversation: Conversation, history: readonly ChatMessage[]): { model: string; systemPrompt: string } {
  const invocation = history.findLast((message) => message.role === 'user')?.invocation;
  const systemPrompt = [conversation.systemPrompt, invocation?.systemPrompt ?? ''].filter((part) => part.trim().length > 0).join('\n\n');
  return { model: invocation?.model ?? conversation.model, systemPrompt };
}
