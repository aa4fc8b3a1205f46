import { BUILT_IN_COMMANDS, type BuiltInCommandName } from '../shared/codeCommandCatalog';
/**
 * Which settings scope a value came from, decided from `WorkspaceConfiguration.inspect()`. Pure (no `vscode`) so
 * the trust rules are unit-tested on their own; src/config/settings.ts feeds it.
 */

/**
 * `user` is the user's own settings.json (local, or a remote machine's over SSH or WSL); `container` is the same
 * scope in a window on a container that a repository can configure (see `userScopeFor`); `workspace` and
 * `workspaceFolder` come from the repository.
 */
export type SettingScope = 'default' | 'user' | 'container' | 'workspace' | 'workspaceFolder';

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
export const WORKSPACE_RESTRICTED_SETTINGS: readonly string[] = [
  'baseUrl',
  // Never taken from a workspace at all (settingsSchema.ts); listed so VS Code drops it too when untrusted.
  'extraHeaders',
  'systemPrompt',
  'model',
  'maxTokens',
  'titles.model',
  // Code command prompts and custom commands write what is sent, and a custom command chooses its model.
  ...(Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[]).flatMap((name) => Object.values(promptSettingKeys(name))),
  'customCommands',
  // A repository raising it would make every screenshot cost more, on every later turn.
  'attachments.maxImageSide',
  // A repository choosing 1-hour writes would make every cache write cost 2× input instead of 1.25×.
  'promptCaching',
  // Each makes every answer cost more (thinking tokens are billed as output) or end early (stop sequences).
  'thinking',
  'thinkingBudgetTokens',
  'effort',
  'stopSequences',
  // Each round is a full request: a repository raising the bound makes a runaway loop cost more before it stops.
  'tools.maxRounds',
];

export function isWorkspaceRestricted(key: string): boolean {
  return WORKSPACE_RESTRICTED_SETTINGS.includes(key);
}

/** The setting keys (under claudeChat.) of a built-in code command's prompts. */
export function promptSettingKeys(name: BuiltInCommandName): { systemPrompt: string; template: string } {
  return { systemPrompt: `codeCommands.${name}.systemPrompt`, template: `codeCommands.${name}.template` };
}

/**
 * `vscode.env.remoteName` of the remotes that run in a container a repository describes: Dev Containers (opened
 * from a devcontainer.json, attached to a running container, or to a Kubernetes pod) and Codespaces. In such a
 * window `inspect().globalValue` merges the container's machine settings, which devcontainer.json writes
 * (`customizations.vscode.settings`), into the user's; the API gives no way to tell the two apart.
 */
export const REPOSITORY_CONFIGURED_REMOTES = ['dev-container', 'attached-container', 'k8s-container', 'codespaces'] as const;

/**
 * The scope that user-level values have in this window. Other remotes (ssh-remote, wsl, tunnel, and code-server,
 * whose remoteName is its own host:port) hold only settings the user wrote.
 */
export function userScopeFor(remoteName: string | undefined): 'user' | 'container' {
  return remoteName !== undefined && (REPOSITORY_CONFIGURED_REMOTES as readonly string[]).includes(remoteName) ? 'container' : 'user';
}

/**
 * Every scope that sets a value, the most specific first (the order in which VS Code resolves them). Without
 * `workspaceAllowed`, workspace and folder values are left out.
 */
export function scopedValues(inspected: InspectedSetting | undefined, workspaceAllowed: boolean, userScope: 'user' | 'container' = 'user'): ScopedValue[] {
  if (!inspected) return [];
  const values: ScopedValue[] = [];
  if (workspaceAllowed && inspected.workspaceFolderValue !== undefined) values.push({ value: inspected.workspaceFolderValue, scope: 'workspaceFolder' });
  if (workspaceAllowed && inspected.workspaceValue !== undefined) values.push({ value: inspected.workspaceValue, scope: 'workspace' });
  if (inspected.globalValue !== undefined) values.push({ value: inspected.globalValue, scope: userScope });
  return values;
}

/** The value that applies (the most specific scope that sets one) and where it came from. */
export function effectiveValue(inspected: InspectedSetting | undefined, workspaceAllowed: boolean, userScope: 'user' | 'container' = 'user'): ScopedValue {
  return scopedValues(inspected, workspaceAllowed, userScope)[0] ?? { value: undefined, scope: 'default' };
}

/** A value the repository may have chosen: used for an endpoint only once the user approves it (endpointPolicy.ts). */
export function isChosenByRepository(scope: SettingScope): boolean {
  return scope === 'workspace' || scope === 'workspaceFolder' || scope === 'container';
}

/** Where a value was set, as the user is told: "set in this container's settings". */
export function scopeSource(scope: SettingScope): string {
  switch (scope) {
    case 'workspace':
      return "this workspace's settings";
    case 'workspaceFolder':
      return "this folder's settings";
    case 'container':
      return "this container's settings";
    case 'user':
      return 'your user settings';
    case 'default':
      return 'the default';
  }
}
