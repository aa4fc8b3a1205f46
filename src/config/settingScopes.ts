/**
 * Which settings scope a value came from, decided from `WorkspaceConfiguration.inspect()`. Pure (no `vscode`) so
 * the trust rules are unit-tested on their own; src/config/settings.ts feeds it.
 */

/** `user` is the user's own settings.json (local or remote); `workspace`/`workspaceFolder` come from the repository. */
export type SettingScope = 'default' | 'user' | 'workspace' | 'workspaceFolder';

/** The part of `WorkspaceConfiguration.inspect()` that says who set a value. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface ScopedValue {
  value: unknown;
  scope: SettingScope;
}

/**
 * Settings (below `claudeChat.`) a repository could use against the user: where the key goes, what every chat is
 * told, which model is billed and how much. package.json lists the same names under `restrictedConfigurations`,
 * so VS Code drops their workspace values in an untrusted workspace; SettingsService drops them itself as well.
 */
export const WORKSPACE_RESTRICTED_SETTINGS = ['baseUrl', 'systemPrompt', 'model', 'maxTokens', 'titles.model'] as const;

export function isWorkspaceRestricted(key: string): boolean {
  return (WORKSPACE_RESTRICTED_SETTINGS as readonly string[]).includes(key);
}

/**
 * The value that applies (the most specific scope that sets one, as VS Code resolves it) and where it came from.
 * Without `workspaceAllowed`, workspace and folder values are ignored and the user's value applies.
 */
export function effectiveValue(inspected: InspectedSetting | undefined, workspaceAllowed: boolean): ScopedValue {
  if (inspected) {
    if (workspaceAllowed && inspected.workspaceFolderValue !== undefined) return { value: inspected.workspaceFolderValue, scope: 'workspaceFolder' };
    if (workspaceAllowed && inspected.workspaceValue !== undefined) return { value: inspected.workspaceValue, scope: 'workspace' };
    if (inspected.globalValue !== undefined) return { value: inspected.globalValue, scope: 'user' };
  }
  return { value: undefined, scope: 'default' };
}

export function isFromWorkspace(scope: SettingScope): boolean {
  return scope === 'workspace' || scope === 'workspaceFolder';
}
