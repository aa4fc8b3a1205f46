import * as vscode from 'vscode';
import type { ChatError } from '../shared/chatError';
import type { ApiKeySource } from '../shared/protocol';
import { redactSecrets } from '../shared/redact';
import { Disposable } from '../util/disposable';
import { characterProblem, normalizeApiKeyInput, validateApiKeyInput } from './apiKeyFormat';
import { invalidKeyError, noKeyError, unreadableKeyError } from './keyErrors';

const SECRET_ID = 'claudeChat.apiKey';
const ENVIRONMENT_VARIABLE = 'ANTHROPIC_API_KEY';

export interface ResolvedKey {
  key: string;
  source: Exclude<ApiKeySource, 'none'>;
}

/** A key to send, or why there is none (no key, an unreadable keychain, a key no header can carry). */
export type KeyLookup = { ok: true; key: ResolvedKey } | { ok: false; error: ChatError };

type StoredRead = { kind: 'value'; value: string } | { kind: 'empty' } | { kind: 'unreadable' };

/**
 * The API key lives only in VS Code's SecretStorage (the OS keychain). ANTHROPIC_API_KEY from the environment is
 * used only when nothing is stored. Never settings.json, never a file, never the webview, never a log line.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly seen = new Set<string>();
  /** The last unusable-key problem logged, so a view asking for the key source often logs it once. */
  private reportedProblem: string | undefined;

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

  /** The key to send with a request. A key with a character no header can carry is never handed out. */
  async resolveForRequest(): Promise<KeyLookup> {
    const stored = await this.readStored();
    if (stored.kind === 'value') return this.checked(stored.value, 'secretStorage');
    // Only an environment key stands in for a stored one: never a setting, never a file.
    const fromEnvironment = normalizeApiKeyInput(this.environment[ENVIRONMENT_VARIABLE] ?? '');
    if (fromEnvironment) return this.checked(fromEnvironment, 'environment');
    return { ok: false, error: stored.kind === 'unreadable' ? unreadableKeyError() : noKeyError() };
  }

  async resolve(): Promise<ResolvedKey | undefined> {
    const lookup = await this.resolveForRequest();
    return lookup.ok ? lookup.key : undefined;
  }

  /**
   * Every key this store has seen in this session (stored, read or from the environment, valid or not), so text on
   * its way to a log or the screen can be scrubbed of them even where they do not look like a key.
   */
  knownSecrets(): readonly string[] {
    const fromEnvironment = this.environment[ENVIRONMENT_VARIABLE];
    return fromEnvironment ? [...this.seen, fromEnvironment] : [...this.seen];
  }

  async source(): Promise<ApiKeySource> {
    return (await this.resolve())?.source ?? 'none';
  }

  /** Throws with a readable reason when the input cannot be a key. */
  async store(input: string): Promise<void> {
    const problem = validateApiKeyInput(input);
    if (problem) throw new Error(problem);
    const key = normalizeApiKeyInput(input);
    this.seen.add(key);
    await this.secrets.store(SECRET_ID, key);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
    this.changed.fire();
  }

  private checked(key: string, source: ResolvedKey['source']): KeyLookup {
    const problem = characterProblem(key);
    if (!problem) {
      this.reportedProblem = undefined;
      return { ok: true, key: { key, source } };
    }
    const report = `${source}: ${problem}`;
    if (report !== this.reportedProblem) this.log.warn(`The API key from ${source === 'secretStorage' ? 'secret storage' : ENVIRONMENT_VARIABLE} is not used: ${problem}`);
    this.reportedProblem = report;
    return { ok: false, error: invalidKeyError(source, problem) };
  }

  private async readStored(): Promise<StoredRead> {
    let value: string | undefined;
    try {
      value = await this.secrets.get(SECRET_ID);
    } catch (error) {
      // A locked or changed keyring: ask for the key again rather than look anywhere less safe.
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(`Could not read the API key from secret storage: ${redactSecrets(reason, this.knownSecrets())}`);
      return { kind: 'unreadable' };
    }
    const key = normalizeApiKeyInput(value ?? '');
    if (!key) return { kind: 'empty' };
    this.seen.add(key);
    return { kind: 'value', value: key };
  }
}
