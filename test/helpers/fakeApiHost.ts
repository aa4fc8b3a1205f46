import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import type { FakeAnthropicServer } from '../fakes/anthropicServer';

/**
 * For integration tests: the real extension, activated in this host and pointed at the fake server (started here)
 * with `key` stored. Titles are off: their requests would add to the ones a test counts.
 */
export async function activateAgainstFake(server: FakeAnthropicServer, key: string): Promise<ClaudeChatApi> {
  const url = await server.start();
  const config = vscode.workspace.getConfiguration('claudeChat');
  await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
  await config.update('titles.enabled', false, vscode.ConfigurationTarget.Global);
  const api = await vscode.extensions.getExtension<ClaudeChatApi>('claude-chat-dev.claude-chat')!.activate();
  await api.storeApiKey(key);
  return api;
}

/** Undoes activateAgainstFake and the user settings the test changed (`changed`, under claudeChat.), and stops the server. */
export async function releaseFake(api: ClaudeChatApi, server: FakeAnthropicServer, changed: readonly string[] = []): Promise<void> {
  const config = vscode.workspace.getConfiguration('claudeChat');
  for (const key of ['baseUrl', 'titles.enabled', ...changed]) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  api.session.newChat();
  await server.stop();
}
