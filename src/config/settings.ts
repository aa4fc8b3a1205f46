import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { effectiveValue, isWorkspaceRestricted, scopedValues, userScopeFor, type ScopedValue } from './settingScopes';
import { ANSWER_SETTING_KEYS } from './answerSettings';
import { CODE_COMMAND_SETTING_KEYS, parseSettings, type ChatSettings } from './settingsSchema';

export const SETTINGS_SECTION = 'claudeChat';

/**
 * The current settings snapshot, re-read when the configuration or the workspace's trust changes. In an untrusted
 * workspace the restricted settings (settingScopes.ts) take the user's values only: VS Code filters them too, but
 * the rule must not depend on that filter alone. The configuration is the window's, read without a resource: the
 * settings are window-scoped, so a multi-root folder's own .vscode/settings.json does not apply to them.
 */
export class SettingsService extends Disposable {
  private current: ChatSettings;
  private readonly changed = this._register(new vscode.EventEmitter<ChatSettings>());
  readonly onDidChange = this.changed.event;
  private readonly reported = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.current = this.read();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
        this.reload();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
  }

  get settings(): ChatSettings {
    return this.current;
  }

  private reload(): void {
    this.current = this.read();
    this.changed.fire(this.current);
  }

  private read(): ChatSettings {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const trusted = vscode.workspace.isTrusted;
    const userScope = userScopeFor(vscode.env.remoteName);
    const workspaceAllowed = (key: string) => trusted || !isWorkspaceRestricted(key);
    const read = (key: string): ScopedValue => effectiveValue(config.inspect(key), workspaceAllowed(key), userScope);
    const { settings, problems } = parseSettings(
      {
        model: read('model').value,
        maxTokens: read('maxTokens').value,
        systemPrompt: read('systemPrompt').value,
        streamIdleTimeoutSeconds: read('streamIdleTimeoutSeconds').value,
        generateTitles: read('titles.enabled').value,
        titleModel: read('titles.model').value,
        'attachments.maxImageSide': read('attachments.maxImageSide').value,
        promptCaching: read('promptCaching').value,
        // Application-scoped: only the user's own value, never a workspace's (VS Code ignores those too).
        pricing: config.inspect('pricing')?.globalValue,
        ...Object.fromEntries(ANSWER_SETTING_KEYS.map((key) => [key, read(key).value])),
        ...Object.fromEntries(CODE_COMMAND_SETTING_KEYS.map((key) => [key, read(key).value])),
      },
      {
        baseUrl: scopedValues(config.inspect('baseUrl'), workspaceAllowed('baseUrl'), userScope),
        // Every scope, trusted or not: the parser refuses a workspace's value itself and says so.
        extraHeaders: scopedValues(config.inspect('extraHeaders'), true, userScope),
        // Every scope, trusted or not: a workspace may turn tools off or add sensitive files, never approve calls.
        tools: {
          enabled: scopedValues(config.inspect('tools.enabled'), true, userScope),
          autoApproveReads: scopedValues(config.inspect('tools.autoApproveReads'), true, userScope),
          maxRounds: scopedValues(config.inspect('tools.maxRounds'), workspaceAllowed('tools.maxRounds'), userScope),
          sensitiveFiles: scopedValues(config.inspect('tools.sensitiveFiles'), true, userScope),
        },
      },
    );
    for (const problem of problems) {
      this.log.warn(problem);
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      void vscode.window.showWarningMessage(`Claude Chat: ${problem}`, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
      });
    }
    return settings;
  }
}
