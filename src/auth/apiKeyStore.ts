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
  source: Exclude<ApiKeySource, 'none' | 'invalid'>;
}

/** A key to send, or why there is none (no key, an unreadable keychain, a key no header can carry). */
export type KeyLookup = { ok: true; key: ResolvedKey } | { ok: false; error: ChatError };

type StoredRead = { kind: 'value'; value: string } | { kind: 'empty' } | { kind: 'unreadable' };

/**
 * What the status bar says about the key: none (or an unreadable keychain), from the environment, stored, or
 * invalid: the API answered 401 to it, or it has a character no header can carry (`rejected` false).
 */
export type KeyStatus =
  | { state: 'none'; unreadable: boolean }
  | { state: 'environment' | 'stored' }
  | { state: 'invalid'; source: ResolvedKey['source']; rejected: boolean };

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
  /**
   * The key the API last answered 401 to. Compared by value, so another key (stored here, in another window, or
   * the environment's once the stored one is cleared) is never called invalid for it. Memory only: a restart
   * checks afresh at the first request.
   */
  private rejectedKey: string | undefined;

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
    const candidate = await this.candidate();
    if ('missing' in candidate) return { ok: false, error: candidate.missing === 'unreadable' ? unreadableKeyError() : noKeyError() };
    return this.checked(candidate.key, candidate.source);
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

  /** Where the key comes from, as the chat view shows it: `invalid` once the API refused it (or it cannot be sent). */
  async viewSource(): Promise<ApiKeySource> {
    const status = await this.status();
    return status.state === 'invalid' ? 'invalid' : this.source();
  }

  async status(): Promise<KeyStatus> {
    const candidate = await this.candidate();
    if ('missing' in candidate) return { state: 'none', unreadable: candidate.missing === 'unreadable' };
    const { key, source } = candidate;
    if (!this.checked(key, source).ok) return { state: 'invalid', source, rejected: false };
    if (key === this.rejectedKey) return { state: 'invalid', source, rejected: true };
    return { state: source === 'secretStorage' ? 'stored' : 'environment' };
  }

  /**
   * The API answered 401 to `key` (a chat request, a title, the Set API Key check): the status bar says the key is
   * invalid until it changes or a request with it succeeds.
   */
  markRejected(key: string): void {
    if (this.rejectedKey === key) return;
    this.rejectedKey = key;
    this.changed.fire();
  }

  /** A request with `key` got an answer: a 401 before it (a gateway's hiccup, a key re-enabled) no longer stands. */
  markAccepted(key: string): void {
    if (this.rejectedKey !== key) return;
    this.rejectedKey = undefined;
    this.changed.fire();
  }

  /** Throws with a readable reason when the input cannot be a key. */
  async store(input: string): Promise<void> {
    const problem = validateApiKeyInput(input);
    if (problem) throw new Error(problem);
    const key = normalizeApiKeyInput(input);
    this.seen.add(key);
    await this.secrets.store(SECRET_ID, key);
    // A new key starts unjudged, even one stored again after its 401 ("Store Anyway" marks it again).
    this.rejectedKey = undefined;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
    this.rejectedKey = undefined;
    this.changed.fire();
  }

  /** The key that applies, unchecked: the stored one, else ANTHROPIC_API_KEY, else why there is none. */
  private async candidate(): Promise<ResolvedKey | { missing: 'empty' | 'unreadable' }> {
    const stored = await this.readStored();
    if (stored.kind === 'value') return { key: stored.value, source: 'secretStorage' };
    // Only an environment key stands in for a stored one: never a setting, never a file.
    const fromEnvironment = normalizeApiKeyInput(this.environment[ENVIRONMENT_VARIABLE] ?? '');
    if (fromEnvironment) return { key: fromEnvironment, source: 'environment' };
    return { missing: stored.kind };
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
