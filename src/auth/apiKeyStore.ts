import * as vscode from 'vscode';
import type { ApiKeySource } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import { validateApiKeyInput } from './apiKeyFormat';

const SECRET_ID = 'claudeChat.apiKey';
const ENVIRONMENT_VARIABLE = 'ANTHROPIC_API_KEY';

export interface ResolvedKey {
  key: string;
  source: Exclude<ApiKeySource, 'none'>;
}

/**
 * The API key lives only in VS Code's SecretStorage (the OS keychain). ANTHROPIC_API_KEY from the environment is
 * used only when nothing is stored. Never settings.json, never a file, never the webview, never a log line.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this._register(
      secrets.onDidChange((event) => {
        if (event.key === SECRET_ID) this.changed.fire();
      }),
    );
  }

  async resolve(): Promise<ResolvedKey | undefined> {
    const stored = await this.readStored();
    if (stored) return { key: stored, source: 'secretStorage' };
    const fromEnvironment = this.environment[ENVIRONMENT_VARIABLE]?.trim();
    if (fromEnvironment) return { key: fromEnvironment, source: 'environment' };
    return undefined;
  }

  async source(): Promise<ApiKeySource> {
    return (await this.resolve())?.source ?? 'none';
  }

  /** Throws with a readable reason when the input cannot be a key. */
  async store(input: string): Promise<void> {
    const problem = validateApiKeyInput(input);
    if (problem) throw new Error(problem);
    await this.secrets.store(SECRET_ID, input.trim());
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
    this.changed.fire();
  }

  private async readStored(): Promise<string | undefined> {
    try {
      return (await this.secrets.get(SECRET_ID)) || undefined;
    } catch (error) {
      // A locked or changed keyring: ask for the key again rather than look anywhere less safe.
      this.log.error(`Could not read the API key from secret storage: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
