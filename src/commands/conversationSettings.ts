import * as vscode from 'vscode';
import type { ModelCatalog } from '../api/modelCatalog';
import { describeModel, findModel, modelStatus, type ModelInfo, type ModelList } from '../shared/modelInfo';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

const PICKER_TITLE = 'Model for this conversation';
/** One word: what the API's ids look like, and what gateways use (`vendor/model`, `model@version`). */
const MODEL_ID = /^[\w.:@/-]+$/;

/** Changes the model of the conversation on screen (new chats take claudeChat.model). `run(id)` skips the picker. */
export function changeModelCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.changeModel,
    run: async (model?: unknown) => {
      const current = context.session.snapshot.model;
      let chosen = typeof model === 'string' ? model : undefined;
      if (chosen === undefined) {
        const pick = await pickModel(context.models, current);
        if (!pick) return;
        chosen = pick.kind === 'model' ? pick.id : await askModelId(context.models, pick.typed || current);
      }
      if (!chosen?.trim()) return;
      context.session.updateMeta({ model: chosen.trim() });
    },
  };
}

/** Edits the system prompt of the conversation on screen. */
export function editSystemPromptCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.editSystemPrompt,
    run: async (prompt?: unknown) => {
      const next =
        typeof prompt === 'string'
          ? prompt
          : await vscode.window.showInputBox({ title: 'System prompt for this conversation', value: context.session.snapshot.systemPrompt, prompt: 'Empty sends no system prompt.' });
      if (next === undefined) return;
      context.session.updateMeta({ systemPrompt: next });
    },
  };
}

interface ModelItem extends vscode.QuickPickItem {
  modelId?: string;
  /** The conversation's model: the picker opens on it. */
  current?: true;
  action?: 'refresh' | 'other';
}

type ModelPick = { kind: 'model'; id: string } | { kind: 'other'; typed: string };

/**
 * The picker: the remembered list at once, then the catalog's answer (read from /v1/models when stale) while it
 * shows busy. Refresh reads again without closing it; "Other model id…" closes it for an input box.
 */
function pickModel(catalog: ModelCatalog, current: string): Promise<ModelPick | undefined> {
  const picker = vscode.window.createQuickPick<ModelItem>();
  picker.title = PICKER_TITLE;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  let closed = false;

  const show = (list: ModelList | undefined) => {
    picker.items = pickerItems(list, current);
    picker.title = list?.source === 'builtIn' ? `${PICKER_TITLE} (built-in list)` : PICKER_TITLE;
    picker.placeholder = list === undefined ? 'Reading the model list (GET /v1/models)…' : (list.problem ?? 'Pick a model, or type to filter by name, id or capability');
    const currentItem = picker.items.find((item) => item.current);
    if (currentItem) picker.activeItems = [currentItem];
  };
  const load = async (refresh: boolean) => {
    picker.busy = true;
    try {
      const list = await catalog.list({ refresh });
      if (!closed) show(list);
    } finally {
      if (!closed) picker.busy = false;
    }
  };

  return new Promise((resolve) => {
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0] ?? picker.activeItems[0];
      if (item?.action === 'refresh') {
        if (!picker.busy) void load(true);
        return;
      }
      if (item?.action === 'other') resolve({ kind: 'other', typed: picker.value.trim() });
      else if (item?.modelId !== undefined) resolve({ kind: 'model', id: item.modelId });
      else return;
      picker.hide();
    });
    picker.onDidHide(() => {
      closed = true;
      resolve(undefined);
      picker.dispose();
    });
    show(catalog.cached());
    picker.show();
    void load(false);
  });
}

/** The list's models (retired ones only when the conversation is on one), then Refresh and Other. */
function pickerItems(list: ModelList | undefined, current: string): ModelItem[] {
  const items: ModelItem[] = [];
  const currentInfo = list ? findModel(list.models, current) : undefined;
  if (!currentInfo) {
    const gone = list !== undefined && modelStatus(list, current) === 'missing';
    items.push({
      label: `${gone ? '$(warning) ' : ''}${current}`,
      description: `${current} · current`,
      detail: gone ? 'This endpoint no longer lists this model: pick another one.' : 'Not in the list; kept as typed.',
      modelId: current,
      current: true,
    });
  }
  for (const info of list?.models ?? []) {
    const isCurrent = info === currentInfo;
    if (info.lifecycle === 'retired' && !isCurrent) continue;
    items.push(modelItem(info, isCurrent));
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(refresh) Refresh list', description: 'Read GET /v1/models again', action: 'refresh', alwaysShow: true },
    { label: '$(edit) Other model id…', description: 'Any id the endpoint serves', action: 'other', alwaysShow: true },
  );
  return items;
}

function modelItem(info: ModelInfo, isCurrent: boolean): ModelItem {
  const warned = info.lifecycle !== 'active';
  const notes = [describeModel(info)];
  if (info.assumedCapabilities) notes.push('capabilities not listed');
  if (info.lifecycle === 'deprecated') notes.push(`deprecated${info.deprecatedAt ? ` ${day(info.deprecatedAt)}` : ''}${info.retiresAt ? `, retires ${day(info.retiresAt)}` : ''}`);
  if (info.lifecycle === 'retired') notes.push(`retired${info.retiresAt ? ` ${day(info.retiresAt)}` : ''}: requests naming it fail`);
  return {
    label: `${isCurrent ? '$(check) ' : ''}${warned ? '$(warning) ' : ''}${info.displayName}`,
    description: `${info.id}${isCurrent ? ' · current' : ''}`,
    detail: notes.join(' · '),
    modelId: info.id,
    ...(isCurrent ? { current: true as const } : {}),
  };
}

function day(isoDateTime: string): string {
  return isoDateTime.slice(0, 10);
}

/** "Other model id…": any id, warned about (not refused) when the endpoint's list does not have it. */
async function askModelId(catalog: ModelCatalog, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Model id',
    value,
    prompt: 'The id as the endpoint knows it, e.g. claude-sonnet-5-5 or a dated snapshot.',
    validateInput: (typed) => {
      const id = typed.trim();
      if (!MODEL_ID.test(id)) return 'A model id is one word: letters, digits and . : @ / _ -';
      const list = catalog.cached();
      const status = list ? modelStatus(list, id) : 'listed';
      if (status === 'missing') return { message: `Not in this endpoint's model list; it will be sent as typed.`, severity: vscode.InputBoxValidationSeverity.Warning };
      if (status === 'retired') return { message: 'This model is retired: requests naming it fail.', severity: vscode.InputBoxValidationSeverity.Warning };
      return undefined;
    },
  });
}
