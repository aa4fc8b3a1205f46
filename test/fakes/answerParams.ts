import type { ModelInfo } from '@anthropic-ai/sdk/resources/models';
import type { Scenario } from './scenarios';

/**
 * How the fake server treats the answer parameters (max_tokens, thinking, output_config.effort, stop_sequences, a
 * prefill) the way the API does: refusing what the model does not take, with the API's kind of message, and
 * shaping the streamed answer (a thinking block, a stop sequence that ends it, a continued prefill).
 */

export interface AnswerParamsBody {
  model: string;
  max_tokens: number;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  thinking?: { type?: string; budget_tokens?: unknown; display?: unknown };
  output_config?: { effort?: unknown };
  stop_sequences?: unknown;
}

/** The 400 message for parameters the model refuses, or undefined. Unknown models are not judged here. */
export function answerParamsProblem(body: AnswerParamsBody, model: ModelInfo | undefined): string | undefined {
  const stops = body.stop_sequences;
  if (stops !== undefined && (!Array.isArray(stops) || stops.some((stop) => typeof stop !== 'string' || stop.trim().length === 0))) {
    return 'stop_sequences: each stop sequence must contain non-whitespace';
  }
  if (model?.max_tokens && body.max_tokens > model.max_tokens) {
    return `max_tokens: ${body.max_tokens} > ${model.max_tokens}, which is the maximum allowed number of output tokens for ${model.id}`;
  }
  const thinking = body.thinking;
  if (thinking && thinking.type !== 'disabled') {
    const supports = model?.capabilities?.thinking;
    if (model && supports && !supports.supported) return `thinking: ${model.id} does not support extended thinking`;
    if (thinking.type === 'adaptive' && model && supports && !supports.types.adaptive.supported) return `thinking.type: adaptive thinking is not supported on ${model.id}`;
    if (thinking.type === 'enabled') {
      const budget = thinking.budget_tokens;
      if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
      if (budget >= body.max_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`';
    } else if (thinking.type !== 'adaptive') return `thinking.type: Input tag '${String(thinking.type)}' found using 'type' does not match any of the expected tags`;
    if (endsWithAssistant(body)) return 'Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.';
  }
  const effort = body.output_config?.effort;
  if (effort !== undefined) {
    const levels = model?.capabilities?.effort as unknown as Record<string, { supported: boolean } | undefined> | undefined;
    if (typeof effort !== 'string' || !['low', 'medium', 'high', 'xhigh', 'max'].includes(effort)) return `output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'`;
    if (model && levels && model.capabilities?.effort.supported === false) return `output_config.effort: ${model.id} does not support the effort parameter`;
    if (model && levels && levels[effort]?.supported === false) return `output_config.effort: ${model.id} does not support effort '${effort}'`;
  }
  return undefined;
}

function endsWithAssistant(body: AnswerParamsBody): boolean {
  return body.messages.at(-1)?.role === 'assistant';
}

/** The prefill the request ends with (a final assistant turn's text), or undefined. */
export function prefillOf(body: AnswerParamsBody): string | undefined {
  const last = body.messages.at(-1);
  if (!last || last.role !== 'assistant') return undefined;
  if (typeof last.content === 'string') return last.content;
  return last.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

/**
 * The reply shaped by the request: thinking when it asked for it (a scenario's own thinking wins), the text cut at
 * the first stop sequence it contains (stop_reason `stop_sequence`), and after a prefill that opens JSON, the rest of
 * a JSON object (what the tutorials' `{` prefill is for).
 */
export function shapeReply(scenario: Scenario, body: AnswerParamsBody): Scenario {
  // A tool-calling answer thinks first too when asked to (the API then wants that thinking back with the results).
  if (scenario.kind === 'toolUse') {
    const asked = askedThinking(body, 'It decides which tool to call.');
    return scenario.thinking || !asked ? scenario : { ...scenario, thinking: asked };
  }
  if (scenario.kind !== 'reply') return scenario;
  const shaped = { ...scenario };
  const prefill = prefillOf(body);
  if (prefill !== undefined && /^\s*[[{]/.test(prefill)) shaped.text = jsonContinuation(prefill);
  const asked = askedThinking(body, 'It considers the question, then answers.');
  if (!shaped.thinking && asked) shaped.thinking = asked;
  if (Array.isArray(body.stop_sequences)) {
    let cut: { at: number; stop: string } | undefined;
    for (const stop of body.stop_sequences as string[]) {
      const at = shaped.text.indexOf(stop);
      if (at >= 0 && (cut === undefined || at < cut.at)) cut = { at, stop };
    }
    if (cut) {
      shaped.text = shaped.text.slice(0, cut.at);
      shaped.stopReason = 'stop_sequence';
      shaped.stopSequence = cut.stop;
    }
  }
  return shaped;
}

/** The thinking the fake streams when the request turns thinking on, or undefined when it does not. */
function askedThinking(body: AnswerParamsBody, then: string): string | undefined {
  const thinking = body.thinking;
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return undefined;
  const budget = thinking.type === 'enabled' ? `a budget of ${String(thinking.budget_tokens)} tokens` : 'adaptive thinking';
  const effort = typeof body.output_config?.effort === 'string' ? ` at ${body.output_config.effort} effort` : '';
  return `The fake server was asked to think with ${budget}${effort}. ${then}`;
}

/** The rest of a JSON value opened by `prefill`, so prefill + answer parses. */
function jsonContinuation(prefill: string): string {
  const trimmed = prefill.trim();
  if (trimmed === '[') return '"fake", "server", "answer"]';
  if (trimmed === '{') return '"answer": "This JSON comes from the local fake server, continuing your prefill.", "ok": true}';
  return ' "continued": true}';
}
