import type { ChatMessage, Conversation } from './conversation';
import { ROOT } from './conversation';
import { isToolResultTurn } from './toolTurns';

/**
 * Queries over a conversation's message tree. Every walk is bounded by the number of messages, so a file whose
 * parent links form a cycle (hand-edited, or written by a bug) cannot make one loop.
 */

export function findMessage(conversation: Conversation, messageId: string): ChatMessage | undefined {
  // Events almost always target the newest message, so search from the end.
  for (let i = conversation.messages.length - 1; i >= 0; i--) {
    if (conversation.messages[i].id === messageId) return conversation.messages[i];
  }
  return undefined;
}

/** The children of `parentId` (null: first messages), oldest first. */
export function childrenOf(conversation: Conversation, parentId: string | null): ChatMessage[] {
  return conversation.messages.filter((m) => m.parentId === parentId);
}

/** The branch on screen: from the first message, each step the selected child (or the newest one). */
export function visiblePath(conversation: Conversation): ChatMessage[] {
  const byParent = new Map<string, ChatMessage[]>();
  for (const message of conversation.messages) {
    const key = message.parentId ?? ROOT;
    const siblings = byParent.get(key);
    if (siblings) siblings.push(message);
    else byParent.set(key, [message]);
  }
  const path: ChatMessage[] = [];
  const seen = new Set<string>();
  let key = ROOT;
  for (;;) {
    const children = byParent.get(key);
    if (!children) return path;
    const chosen = children.find((m) => m.id === conversation.selected[key]) ?? children[children.length - 1];
    // A parent cycle (a message that is its own ancestor) ends the path instead of looping forever.
    if (seen.has(chosen.id)) return path;
    seen.add(chosen.id);
    path.push(chosen);
    key = chosen.id;
  }
}

/** `messageId` and everything that follows it on any branch. */
export function descendantIds(conversation: Conversation, messageId: string): string[] {
  const result = [messageId];
  const seen = new Set(result);
  for (let i = 0; i < result.length; i++) {
    for (const message of conversation.messages) {
      if (message.parentId !== result[i] || seen.has(message.id)) continue;
      seen.add(message.id);
      result.push(message.id);
    }
  }
  return result;
}

/** The messages from the first one down to `messageId`, following parents (not the selection). */
export function ancestry(conversation: Conversation, messageId: string | null): ChatMessage[] {
  // One index, not a search per step: every send walks the whole history.
  const byId = new Map(conversation.messages.map((message) => [message.id, message]));
  const chain: ChatMessage[] = [];
  const seen = new Set<string>();
  let cursor = messageId ? byId.get(messageId) : undefined;
  while (cursor && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    chain.push(cursor);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return chain.reverse();
}

/** The ids of messages whose parent links lead back to themselves (never reach a first message). */
export function messagesInParentCycles(messages: readonly { id: string; parentId: string | null }[]): string[] {
  const parentOf = new Map(messages.map((message) => [message.id, message.parentId]));
  const state = new Map<string, 'walking' | 'rooted' | 'cyclic'>();
  const cyclic: string[] = [];
  for (const start of parentOf.keys()) {
    const walked: string[] = [];
    let cursor: string | null | undefined = start;
    let verdict: 'rooted' | 'cyclic' = 'rooted';
    while (cursor !== null && cursor !== undefined && parentOf.has(cursor)) {
      const known = state.get(cursor);
      if (known === 'walking') verdict = 'cyclic';
      if (known) {
        if (known !== 'walking') verdict = known;
        break;
      }
      state.set(cursor, 'walking');
      walked.push(cursor);
      cursor = parentOf.get(cursor);
    }
    for (const id of walked) state.set(id, verdict);
    if (verdict === 'cyclic') cyclic.push(...walked);
  }
  return cyclic;
}

/**
 * The question a message belongs to: a user's own turn is its own question; an answer, or a turn of tool results the
 * host wrote inside an answer's tool rounds, belongs to the user turn that started those rounds. Undefined when there
 * is none (an answer without a question, damaged links).
 */
export function questionOf(conversation: Conversation, messageId: string): ChatMessage | undefined {
  const byId = new Map(conversation.messages.map((message) => [message.id, message]));
  const seen = new Set<string>();
  let cursor = byId.get(messageId);
  while (cursor && (cursor.role === 'assistant' || isToolResultTurn(cursor))) {
    if (seen.has(cursor.id) || !cursor.parentId) return undefined;
    seen.add(cursor.id);
    cursor = byId.get(cursor.parentId);
  }
  return cursor;
}

/** The last turn of `history` the user wrote (a tool-result turn is the host's, not a question). */
export function lastQuestion(history: readonly ChatMessage[]): ChatMessage | undefined {
  return history.findLast((message) => message.role === 'user' && !isToolResultTurn(message));
}

export interface PairRemoval {
  doomed: string[];
  /** Real user turns that followed the answer on screen: they move up to `parentId`. Never a tool-result turn. */
  followers: string[];
  parentId: string | null;
}

/**
 * Deleting a question with its answer: the question, every answer not on screen with all that follows it, and the
 * answer on screen, which runs through its tool rounds (answer → tool-result turn → answer …) up to the next turn the
 * user wrote; each round's other branches go with it. What followed the last answer moves up to the question's parent
 * and stays. A tool-result turn is never moved: its parent is the answer whose calls it answers, so it goes with it.
 */
export function pairRemoval(conversation: Conversation, messageId: string): PairRemoval | undefined {
  const question = questionOf(conversation, messageId);
  if (!question || question.role !== 'user') return undefined;
  const doomed = [question.id];
  const seen = new Set(doomed);
  const shownChild = (parent: string, children: ChatMessage[]) => children.find((child) => child.id === conversation.selected[parent]) ?? children.at(-1);
  const doomBranches = (branches: ChatMessage[]) => doomed.push(...branches.flatMap((branch) => descendantIds(conversation, branch.id)));
  // The user turn whose answers are looked at: the question, then each tool-result turn on screen.
  let turn = question;
  for (;;) {
    const answers = childrenOf(conversation, turn.id);
    const shown = shownChild(turn.id, answers);
    doomBranches(answers.filter((answer) => answer !== shown));
    // A parent cycle in damaged data would walk round for ever: stop where it comes back.
    if (!shown || seen.has(shown.id)) return { doomed, followers: [], parentId: question.parentId };
    doomed.push(shown.id);
    seen.add(shown.id);
    const after = childrenOf(conversation, shown.id);
    const next = shownChild(shown.id, after);
    if (next && isToolResultTurn(next) && !seen.has(next.id)) {
      doomBranches(after.filter((message) => message !== next));
      doomed.push(next.id);
      seen.add(next.id);
      turn = next;
      continue;
    }
    doomBranches(after.filter(isToolResultTurn));
    return { doomed, followers: after.filter((message) => !isToolResultTurn(message)).map((message) => message.id), parentId: question.parentId };
  }
}
