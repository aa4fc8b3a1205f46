import { emptyConversation, type ChatMessage, type Conversation } from '../../src/shared/conversation';

export function conversation(...messages: ChatMessage[]): Conversation {
  const result = emptyConversation('c', { model: 'claude-sonnet-5-5', systemPrompt: '' }, 0);
  result.messages.push(...messages);
  return result;
}

let counter = 0;
export function userMessage(text: string, parentId: string | null = null, id = `u${++counter}`): ChatMessage {
  return { id, parentId, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: counter };
}

export function assistantMessage(text: string, parentId: string | null = null, id = `a${++counter}`, status: ChatMessage['status'] = 'complete'): ChatMessage {
  return { id, parentId, role: 'assistant', blocks: text ? [{ type: 'text', text }] : [], status, createdAt: counter };
}

/** Window A's conversation: a question and the answer A is streaming into (A's own live object). */
export function streamingInA(): { conversation: Conversation; answer: ChatMessage } {
  const conversation = emptyConversation('c1', { model: 'claude-test', systemPrompt: '' }, 1);
  conversation.messages.push({ id: 'q', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'question' }], status: 'complete', createdAt: 1 });
  const answer: ChatMessage = { id: 'a', parentId: 'q', role: 'assistant', blocks: [{ type: 'text', text: 'Part' }], status: 'streaming', createdAt: 2 };
  conversation.messages.push(answer);
  return { conversation, answer };
}
