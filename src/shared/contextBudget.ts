/**
 * Whether a code command's prompt can fit the model's context window, checked before anything is sent: a request
 * that is too large fails only after uploading it, and the API's "prompt is too long" does not say what to do.
 */

/** Conservative: code and non-English text run about 3 characters a token or fewer, English prose about 4. */
export function estimateTokens(text: string): number {
  return tokensForChars(text.length);
}

function tokensForChars(chars: number): number {
  return Math.ceil(chars / 3);
}

const DEFAULT_CONTEXT_WINDOW = 200_000;

/** When /v1/models could not say (no key yet, a gateway without it): the models known to have a larger one. */
const CONTEXT_WINDOWS: Readonly<Record<string, number>> = { 'claude-opus-5-5': 1_000_000 };

export function contextWindowFor(model: string): number {
  for (const [id, window] of Object.entries(CONTEXT_WINDOWS)) {
    // A dated snapshot (`claude-opus-5-5-20261101`) has its family's window.
    if (model === id || model.startsWith(`${id}-`)) return window;
  }
  return DEFAULT_CONTEXT_WINDOW;
}

export interface BudgetRequest {
  model: string;
  /** Characters of the new turn: the prompt with its code, and the command's system prompt. */
  promptChars: number;
  /** Characters of what is sent with it: the earlier turns of the conversation and its system prompt. */
  historyChars: number;
  /** The answer's room, reserved out of the same window. */
  maxTokens: number;
  /** The model's window as /v1/models gives it; without it, contextWindowFor's fallback. */
  contextWindow?: number;
}

export interface BudgetProblem {
  estimatedTokens: number;
  /** Input tokens that fit: the context window less the room kept for the answer. */
  limit: number;
  /** For the user: the size, the limit, and what to do. */
  detail: string;
}

export function budgetProblem(request: BudgetRequest): BudgetProblem | undefined {
  const promptChars = nonNegative(request.promptChars);
  const historyChars = nonNegative(request.historyChars);
  const window = request.contextWindow ?? contextWindowFor(request.model);
  const reserved = Math.min(nonNegative(request.maxTokens), window);
  const limit = window - reserved;
  const estimatedTokens = tokensForChars(promptChars + historyChars);
  if (estimatedTokens <= limit) return undefined;

  const promptAloneFits = tokensForChars(promptChars) <= limit;
  const advice = promptAloneFits
    ? 'Start a new chat so the earlier conversation is not sent with it, or select less code.'
    : 'Select less code (a function or a few instead of the whole file).';
  const detail =
    `This request would be about ${formatCount(estimatedTokens)} tokens (${formatKilobytes(promptChars + historyChars)}), ` +
    `more than the ${formatCount(limit)} tokens ${request.model || 'the model'} can take ` +
    `(a ${formatCount(window)}-token context window, less ${formatCount(reserved)} kept for the answer). ${advice}`;
  return { estimatedTokens, limit, detail };
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Characters, shown as KB: the size the user can relate to the file they selected. */
function formatKilobytes(chars: number): string {
  const kb = chars / 1024;
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.ceil(kb).toLocaleString('en-US')} KB`;
}
