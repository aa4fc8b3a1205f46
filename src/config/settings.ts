import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { parseSettings, type ChatSettings } from './settingsSchema';

export const SETTINGS_SECTION = 'claudeChat';

/** The current settings snapshot, re-read when the configuration changes. */
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
        this.current = this.read();
        this.changed.fire(this.current);
      }),
    );
  }

  get settings(): ChatSettings {
    return this.current;
  }

  private read(): ChatSettings {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const { settings, problems } = parseSettings({
      model: config.get('model'),
      maxTokens: config.get('maxTokens'),
      systemPrompt: config.get('systemPrompt'),
      baseUrl: config.get('baseUrl'),
      streamIdleTimeoutSeconds: config.get('streamIdleTimeoutSeconds'),
      generateTitles: config.get('titles.enabled'),
      titleModel: config.get('titles.model'),
    });
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
