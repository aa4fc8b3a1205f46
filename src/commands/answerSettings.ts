import * as vscode from 'vscode';
import { BUILT_IN_MODELS, findModel, type ModelInfo } from '../shared/modelInfo';
import { describeParams, EFFORT_LEVELS, isEffortLevel, MAX_TOKENS_LIMIT, MIN_THINKING_BUDGET, resolveParams, type ConversationParams, type ThinkingMode } from '../shared/requestParams';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

type Field = 'maxTokens' | 'thinking' | 'effort' | 'stopSequences' | 'reset';
interface FieldItem extends vscode.QuickPickItem {
  field: Field;
}

/**
 * Claude Chat: Answer Settings… — the conversation's max tokens, extended thinking, effort and stop sequences. Only
 * what the conversation's model supports is offered (thinking for models that think, effort where it is taken), and
 * max tokens is bounded by the model's own limit. No temperature or top_p: this API version refuses them.
 */
export function answerSettingsCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.answerSettings,
    run: async () => {
      for (;;) {
        const field = await pickField(context);
        if (!field) return;
        const patch = await editField(context, field);
        if (patch === undefined) continue;
        context.session.updateMeta({ params: patch });
      }
    },
  };
}

/** The conversation's model as the catalog (or the built-in list) describes it; undefined for an unknown id. */
export function conversationModel(context: CommandContext): ModelInfo | undefined {
  const models = context.models.cached()?.models ?? BUILT_IN_MODELS;
  return findModel(models, context.session.snapshot.model);
}

function currentParams(context: CommandContext): ConversationParams {
  return { ...context.session.snapshot.params };
}

async function pickField(context: CommandContext): Promise<Field | undefined> {
  const settings = context.settings();
  const params = currentParams(context);
  const model = conversationModel(context);
  const resolved = resolveParams(params, { maxTokens: settings.maxTokens, ...settings.answer }, model);
  const own = (key: keyof ConversationParams) => (params[key] !== undefined ? 'this conversation' : 'default from settings');
  const items: FieldItem[] = [
    { field: 'maxTokens', label: `Max tokens: ${resolved.maxTokens.toLocaleString('en-US')}`, description: own('maxTokens'), detail: model ? `At most ${model.maxOutputTokens.toLocaleString('en-US')} for ${model.displayName}.` : undefined },
  ];
  if (!model || model.capabilities.thinking) {
    const thinking = resolved.thinking?.type === 'enabled' ? `budget ${resolved.thinking.budgetTokens.toLocaleString('en-US')} tokens` : resolved.thinking?.type === 'adaptive' ? 'adaptive' : 'off';
    items.push({ field: 'thinking', label: `Extended thinking: ${thinking}`, description: own('thinking') });
  }
  if (!model || model.capabilities.effort.length > 0) items.push({ field: 'effort', label: `Effort: ${resolved.effort ?? "model's default"}`, description: own('effort') });
  const stops = resolved.stopSequences ?? [];
  items.push({ field: 'stopSequences', label: `Stop sequences: ${stops.length === 0 ? 'none' : stops.map((stop) => JSON.stringify(stop)).join(', ')}`, description: own('stopSequences') });
  if (Object.keys(params).length > 0) items.push({ field: 'reset', label: '$(discard) Use the defaults from settings', description: 'claudeChat.maxTokens, .thinking, .effort, .stopSequences' });
  const pick = await vscode.window.showQuickPick(items, {
    title: `Answer settings for this conversation (${model?.displayName ?? context.session.snapshot.model})`,
    placeHolder: [describeParams(resolved), ...resolved.notes].join(' — '),
  });
  return pick?.field;
}

/** The new params after editing `field`, or undefined when the user backed out. */
async function editField(context: CommandContext, field: Field): Promise<ConversationParams | undefined> {
  const params = currentParams(context);
  const settings = context.settings();
  const model = conversationModel(context);
  switch (field) {
    case 'reset':
      return {};
    case 'maxTokens': {
      const limit = model?.maxOutputTokens ?? MAX_TOKENS_LIMIT;
      const value = await vscode.window.showInputBox({
        title: 'Max tokens for each answer',
        value: String(Math.min(params.maxTokens ?? settings.maxTokens, limit)),
        prompt: `1 to ${limit.toLocaleString('en-US')}${model ? ` (${model.displayName}'s limit)` : ''}. Thinking tokens count toward it.`,
        validateInput: (text) => (wholeNumberIn(text, 1, limit) === undefined ? `A whole number from 1 to ${limit.toLocaleString('en-US')}.` : undefined),
      });
      const tokens = value === undefined ? undefined : wholeNumberIn(value, 1, limit);
      return tokens === undefined ? undefined : { ...params, maxTokens: tokens };
    }
    case 'thinking':
      return editThinking(params, settings.answer.thinkingBudgetTokens, model);
    case 'effort': {
      const levels = model ? EFFORT_LEVELS.filter((level) => model.capabilities.effort.includes(level)) : [...EFFORT_LEVELS];
      const pick = await vscode.window.showQuickPick([{ label: "Model's default", value: 'default' }, ...levels.map((level) => ({ label: level, value: level }))], { title: 'Effort' });
      if (!pick) return undefined;
      const next = { ...params };
      if (isEffortLevel(pick.value)) next.effort = pick.value;
      else delete next.effort;
      return next;
    }
    case 'stopSequences': {
      const value = await vscode.window.showInputBox({
        title: 'Stop sequences',
        value: JSON.stringify(params.stopSequences ?? settings.answer.stopSequences),
        prompt: 'A JSON list of strings, e.g. ["\\n\\nHuman:", "</answer>"]. [] for none.',
        validateInput: (text) => (parseStringList(text) === undefined ? 'Write a JSON list of strings, e.g. ["END"].' : undefined),
      });
      const list = value === undefined ? undefined : parseStringList(value);
      return list === undefined ? undefined : { ...params, stopSequences: list };
    }
  }
}

async function editThinking(params: ConversationParams, defaultBudget: number, model: ModelInfo | undefined): Promise<ConversationParams | undefined> {
  const modes: { label: string; detail: string; mode: ThinkingMode }[] = [
    { label: 'Off', detail: 'No extended thinking.', mode: 'off' },
    { label: 'Budget…', detail: 'Think with a fixed number of tokens (billed as output).', mode: 'budget' },
  ];
  if (!model || model.capabilities.adaptiveThinking) modes.push({ label: 'Adaptive', detail: 'The model decides how much to think.', mode: 'adaptive' });
  const pick = await vscode.window.showQuickPick(modes, { title: 'Extended thinking' });
  if (!pick) return undefined;
  if (pick.mode !== 'budget') return { ...params, thinking: pick.mode };
  const max = (model?.maxOutputTokens ?? MAX_TOKENS_LIMIT) - 1;
  const value = await vscode.window.showInputBox({
    title: 'Thinking budget (tokens)',
    value: String(params.thinkingBudgetTokens ?? defaultBudget),
    prompt: `${MIN_THINKING_BUDGET.toLocaleString('en-US')} or more, and below max tokens (it is lowered to fit).`,
    validateInput: (text) => (wholeNumberIn(text, MIN_THINKING_BUDGET, max) === undefined ? `A whole number from ${MIN_THINKING_BUDGET} to ${max.toLocaleString('en-US')}.` : undefined),
  });
  const budget = value === undefined ? undefined : wholeNumberIn(value, MIN_THINKING_BUDGET, max);
  return budget === undefined ? undefined : { ...params, thinking: 'budget', thinkingBudgetTokens: budget };
}

function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  const value = Number(text.replace(/[,_\s]/g, ''));
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

function parseStringList(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
