import * as vscode from 'vscode';
import { checkApiKey, type KeyCheckRequest, type KeyCheckResult } from '../api/keyCheck';
import { normalizeApiKeyInput, validateApiKeyInput } from '../auth/apiKeyFormat';
import { userEndpointsOnly, type EndpointGate } from '../config/endpointPolicy';
import { redactSecrets } from '../shared/redact';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export interface SetApiKeyOptions {
  /**
   * Where the check may send the key: the same gate as every request, so a workspace's endpoint the user has not
   * approved is not sent the key by the check either. Default: the user's own endpoints only.
   */
  endpoints?: EndpointGate;
  /** The check itself; tests and the integration host may replace it. */
  check?: (request: KeyCheckRequest) => Promise<KeyCheckResult>;
}

const ENTER_AGAIN = 'Enter Again';
const STORE_ANYWAY = 'Store Anyway';

/**
 * Asks for the key, checks it with one free request (checkApiKey), then stores it. A key the API rejects (401) is
 * stored only if the user insists; a key that could not be checked (offline, a gateway without /v1/models) is
 * stored and said to be unchecked, because the network is no reason to lose what was typed.
 */
export function setApiKeyCommand(context: CommandContext, options: SetApiKeyOptions = {}): Command {
  const endpoints = options.endpoints ?? userEndpointsOnly;
  const check = options.check ?? checkApiKey;
  return {
    id: COMMAND_IDS.setApiKey,
    run: async () => {
      for (;;) {
        const input = await vscode.window.showInputBox({
          title: 'Claude Chat: Set API Key',
          prompt: 'Your Anthropic API key. It is kept in VS Code secret storage (your OS keychain), never in settings or files.',
          placeHolder: 'sk-ant-…',
          password: true,
          ignoreFocusOut: true,
          validateInput: validateApiKeyInput,
        });
        if (input === undefined) return;
        const problem = validateApiKeyInput(input);
        if (problem) {
          void vscode.window.showErrorMessage(`Claude Chat: could not store the key. ${redactSecrets(problem, [input])}`);
          return;
        }
        const key = normalizeApiKeyInput(input);
        const result = await checkWhereRequestsGo(key, context, endpoints, check);
        if (result.ok) {
          if (await store(context, key)) void vscode.window.showInformationMessage('Claude Chat: API key works and is stored in secret storage.');
          return;
        }
        const message = redactSecrets(result.message, [key]);
        if (result.reason === 'invalid') {
          const choice = await vscode.window.showErrorMessage(`Claude Chat: ${message} Nothing was stored.`, ENTER_AGAIN, STORE_ANYWAY);
          if (choice === ENTER_AGAIN) continue;
          if (choice === STORE_ANYWAY && (await store(context, key))) {
            // Stored as asked, and shown as invalid until another key is set or a request with it succeeds.
            context.keys.markRejected(key);
            void vscode.window.showWarningMessage('Claude Chat: API key stored in secret storage, although the API rejected it.');
          }
          return;
        }
        if (!(await store(context, key))) return;
        if (result.reason === 'forbidden') void vscode.window.showWarningMessage(`Claude Chat: API key stored in secret storage. ${message} Chats may still work; check the key's permissions in the Anthropic Console if they do not.`);
        else void vscode.window.showWarningMessage(`Claude Chat: API key stored in secret storage, but it could not be checked. ${message}`);
        return;
      }
    },
  };
}

type CheckOutcome = KeyCheckResult | { ok: false; reason: 'notChecked'; message: string };

async function checkWhereRequestsGo(key: string, context: CommandContext, endpoints: EndpointGate, check: SetApiKeyOptions['check'] & {}): Promise<CheckOutcome> {
  // Only an approval already given counts: setting a key is no moment for a question about a workspace's host.
  const decision = endpoints.decide(context.settings());
  if (!decision.ok) return { ok: false, reason: 'notChecked', message: decision.error.title };
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Claude Chat: Checking the key…' }, () =>
    check({ apiKey: key, baseUrl: decision.baseUrl, extraHeaders: decision.extraHeaders }),
  );
}

async function store(context: CommandContext, key: string): Promise<boolean> {
  try {
    await context.keys.store(key);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Claude Chat: could not store the key. ${redactSecrets(reason, [key])}`);
    return false;
  }
}
