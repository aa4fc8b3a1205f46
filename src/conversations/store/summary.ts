import { isStoredToolResultTurn, storedAttachmentNames, storedMessageText, storedMeta } from './codec';
import type { StoredConversation, StoredMessage } from './storedFormat';
import { invocationHeadline, sanitizeInvocation, type ConversationMeta } from '../../shared/conversation';

/** One row of the history list: everything the list shows, without loading the conversation. */
export interface ConversationSummary extends Omit<ConversationMeta, 'systemPrompt'> {
  /** The messages people wrote: questions and answers, not the turns the host wrote to carry tool results. */
  messageCount: number;
  /** The first user message, whitespace collapsed, at most PREVIEW_LENGTH characters. */
  preview: string;
}

export const PREVIEW_LENGTH = 200;

export function summarize(stored: StoredConversation): ConversationSummary {
  const written = stored.messages.filter((message) => !isStoredToolResultTurn(message));
  const firstQuestion = written.find((message) => message.role === 'user');
  const { systemPrompt, ...meta } = storedMeta(stored); // the list needs no prompt; the index stays small
  return {
    ...meta,
    messageCount: written.length,
    preview: firstQuestion ? clip(questionText(firstQuestion).replace(/\s+/g, ' ').trim(), PREVIEW_LENGTH) : '',
  };
}

/**
 * A command's turn previews as what the user did, not as the start of the code it sent; a turn that is only files
 * (a screenshot sent without a word) as the files' names, `[diagram.png, spec.pdf]`, rather than as nothing.
 */
function questionText(message: StoredMessage): string {
  const invocation = sanitizeInvocation(message.invocation);
  if (invocation) return invocationHeadline(invocation);
  const text = storedMessageText(message);
  if (text.trim() !== '') return text;
  const names = storedAttachmentNames(message);
  // The file name alone: a workspace path's folders would push the names out of a one-line preview.
  return names.length > 0 ? `[${names.map(baseName).join(', ')}]` : text;
}

function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1) || name;
}

/** What search looks in, lower-cased once here rather than on every query. */
export function searchableText(stored: StoredConversation): string {
  const parts = [stored.title];
  for (const message of stored.messages) parts.push(storedMessageText(message));
  return parts.join('\n').toLowerCase();
}

/** Cut at `max` UTF-16 units without leaving half a surrogate pair (an emoji split in two renders as garbage). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Newest first; pinned state is the view's business. Ties by id so the order is stable across calls. */
export function compareSummaries(a: ConversationSummary, b: ConversationSummary): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
