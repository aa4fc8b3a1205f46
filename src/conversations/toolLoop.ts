import type { ChatError } from '../shared/chatError';
import type { ChatMessage, Conversation } from '../shared/conversation';
import { findMessage } from '../shared/conversationTree';
import { newId } from '../shared/ids';
import { awaitsToolResults } from '../shared/toolTurns';
import { streamAnswer, type AnswerStreamDeps } from './answerStream';

/** Where a running loop is, for Stop, Delete and the composer's refusal: the answer in play and what it waits for. */
export interface LoopProgress {
  /** The answer streaming now, or the one whose tool calls are being decided and run. */
  messageId: string;
  /** `tools`: the loop waits for tool call decisions or runs the calls; no request is open. */
  phase: 'streaming' | 'tools';
}

/**
 * While `answer` asks for tools: decide and run its calls (tools.round), append their results as a user turn, and
 * stream the next answer. Ends at Stop (nothing more is sent), at an answer that needs no tools, or at the round
 * limit, which the answer then says (with Resume).
 */
export async function runToolLoop(deps: AnswerStreamDeps, apiKey: string, conversation: Conversation, answer: ChatMessage, active: LoopProgress & { controller: AbortController }): Promise<ChatMessage> {
  const tools = deps.services.tools;
  const { signal } = active.controller;
  for (let rounds = 0; tools && awaitsToolResults(answer) && !signal.aborted; rounds++) {
    if (rounds >= tools.maxRounds()) {
      deps.apply({ type: 'message/toolsHalted', messageId: answer.id, error: roundLimitError(rounds) }, conversation);
      deps.log.warn(`Tool loop stopped at the round limit (${rounds})`);
      break;
    }
    active.phase = 'tools';
    active.messageId = answer.id;
    const results = await tools.round(conversation.id, answer, signal);
    // Stopped, or the answer was deleted meanwhile: nothing is sent.
    if (!results || signal.aborted || !findMessage(conversation, answer.id)) break;
    const turn: ChatMessage = { id: newId('msg'), parentId: answer.id, role: 'user', blocks: results, status: 'complete', createdAt: Date.now() };
    const stored = deps.apply({ type: 'message/append', message: turn }, conversation) ?? turn;
    active.phase = 'streaming';
    const next = streamAnswer(deps, apiKey, conversation, stored.id, signal);
    active.messageId = next.messageId;
    answer = await next.reply;
  }
  return answer;
}

function roundLimitError(rounds: number): ChatError {
  return {
    kind: 'toolLimit',
    title: `Claude asked for more tools after ${rounds} tool rounds; the loop stopped there.`,
    detail: 'The calls below were not run (claudeChat.tools.maxRounds). Resume runs them and allows as many rounds again; or send a message to steer Claude.',
    actions: ['resumeTools', 'openSettings'],
  };
}
