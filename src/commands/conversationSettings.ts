import * as vscode from 'vscode';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

/** Models offered in the picker; any other id can be typed. Limits come from the API at request time. */
const KNOWN_MODELS = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-sonnet-5', 'claude-opus-5'];

/** Changes the model of the conversation on screen (new chats take claudeChat.model). */
export function changeModelCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.changeModel,
    run: async (model?: unknown) => {
      const current = context.session.snapshot.model;
      let chosen = typeof model === 'string' ? model : undefined;
      if (chosen === undefined) {
        const other = 'Other model id…';
        const items = [...new Set([current, ...KNOWN_MODELS])].map((id) => ({ label: id, description: id === current ? 'current' : undefined }));
        const pick = await vscode.window.showQuickPick([...items, { label: other, description: undefined }], { title: 'Model for this conversation' });
        if (!pick) return;
        chosen = pick.label === other ? await vscode.window.showInputBox({ title: 'Model id', value: current, validateInput: (value) => (/^[\w.:-]+$/.test(value.trim()) ? undefined : 'A model id has no spaces.') }) : pick.label;
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
