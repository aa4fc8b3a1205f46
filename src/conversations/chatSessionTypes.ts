import type { ExchangeLog } from '../api/exchangeLog';
import type { Attachment } from '../shared/attachment';
import type { ChatError } from '../shared/chatError';
import type { ChatMessage, Conversation } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import type { ToolUse } from '../shared/sentRequest';
import type { ToolResultBlock } from '../shared/toolTurns';
import type { ModelLimitsLookup } from './answerRequest';

/** What ChatSession reports and takes, apart from the class itself. */

export interface ConversationChange {
  /** The conversation the events were applied to: usually the current one, but an answer keeps landing in its own. */
  conversation: Conversation;
  events: ConversationEvent[];
}

export interface RetryingChange {
  messageId: string;
  status: number;
  retryAt?: number;
}

/** Optional collaborators: the model catalog's limits, the API inspector's log, the context gauge's verdict. */
export interface ChatSessionServices {
  /** What a model allows (max output, thinking, effort): answers are bounded by it. */
  modelLimits?: ModelLimitsLookup;
  /** Makes sure modelLimits can answer (the model list was read, or failed); awaited before each request starts. */
  loadModelLimits?: () => Promise<void>;
  /** Keeps each request's exact body and response for the API inspector. */
  exchanges?: ExchangeLog;
  /** Why the composer's turn `text` with `attachments` cannot fit the model's context window (the gauge's count). */
  fitCheck?: (text: string, attachments: readonly Attachment[]) => Promise<ChatError | undefined>;
  /** The workspace tools: without them no tools are offered, and an answer that asks for one ends the loop. */
  tools?: ToolLoopServices;
}

/** How the answer loop reaches the workspace tools (src/tools/toolLoopServices.ts builds it). */
export interface ToolLoopServices {
  /** How a request on `history` defines the tools: offered, defined but forbidden (tools off, tool blocks in it), or not. */
  toolUse(history: readonly ChatMessage[]): ToolUse | undefined;
  /** Decides and runs the calls of `answer`; undefined when stopped (`signal`), and then nothing may be sent. */
  round(conversationId: string, answer: ChatMessage, signal: AbortSignal): Promise<ToolResultBlock[] | undefined>;
  /** claudeChat.tools.maxRounds: tool rounds one user turn may take. */
  maxRounds(): number;
}

export type SendResult = { ok: true; reply: Promise<ChatMessage> } | { ok: false; error: ChatError };
