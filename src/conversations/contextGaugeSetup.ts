import type * as vscode from 'vscode';
import { countRequestTokensAt } from '../api/tokenCounter';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { replyEndpoint, type EndpointGate } from '../config/endpointPolicy';
import type { ChatSettings } from '../config/settingsSchema';
import type { Attachment } from '../shared/attachment';
import { contextWindowFor } from '../shared/contextBudget';
import type { ModelInfo } from '../shared/modelInfo';
import { resolveParams } from '../shared/requestParams';
import type { ChatSession } from './chatSession';
import type { ToolUse } from '../shared/sentRequest';
import { AttachmentBlockCache, buildCountRequest, ContextGaugeService } from './contextGaugeService';

export interface ContextGaugeSetup {
  session: ChatSession;
  settings: () => ChatSettings;
  keys: ApiKeyStore;
  endpoints: Pick<EndpointGate, 'decide'>;
  readAttachment: (attachment: Attachment) => Promise<Uint8Array>;
  /** What the next request does with the workspace tools (as the chat session decides it): they are counted too. */
  toolUse?: () => ToolUse | undefined;
  /** The catalog's entry for a model, and every model it lists (for "pick a larger model"). */
  modelInfo: (model: string) => ModelInfo | undefined;
  models: () => readonly ModelInfo[];
  log: vscode.LogOutputChannel;
  /** Other changes that alter the next request (settings, the model list). */
  changes: readonly vscode.Event<unknown>[];
}

export interface ContextGauge {
  service: ContextGaugeService;
  /** Why `text` with `attachments`, sent now, cannot fit (see ContextGaugeService.checkBeforeSend). */
  checkTurn(text: string, attachments: readonly Attachment[]): ReturnType<ContextGaugeService['checkBeforeSend']>;
  dispose(): void;
}

/**
 * The context gauge as the extension runs it: the next request measured as the composer's turn would send it (the
 * conversation's model, window and bounded max tokens), counted by count_tokens at the endpoint the key may go to, and
 * measured again whenever anything it is made of changes. Returns the service; the caller disposes it.
 */
export function createContextGauge(setup: ContextGaugeSetup): ContextGauge {
  const { session, settings, keys, endpoints } = setup;
  const blocks = new AttachmentBlockCache();
  const nextRequest = (draft: string, attachments: readonly Attachment[]) => {
    const conversation = session.snapshot;
    const info = setup.modelInfo(conversation.model);
    const current = settings();
    const { maxTokens } = resolveParams(conversation.params, { maxTokens: current.maxTokens, ...current.answer }, info);
    const contextWindow = info?.contextWindow ?? contextWindowFor(conversation.model);
    return buildCountRequest({ conversation, draft, attachments, maxTokens, contextWindow, readAttachment: setup.readAttachment, toolUse: setup.toolUse?.() }, blocks);
  };
  const gauge = new ContextGaugeService({
    countParams: () => nextRequest(session.draft, session.attachments.ready),
    // The same gate as every background request: never a prompt; an unapproved endpoint gets no key and no count.
    count: async (params, signal) => {
      const lookup = await keys.resolveForRequest();
      if (!lookup.ok) throw new Error('no usable API key');
      const decision = endpoints.decide(settings());
      if (!decision.ok) throw new Error('the endpoint is not approved');
      return countRequestTokensAt({ apiKey: lookup.key.key, ...replyEndpoint(decision), params, signal });
    },
    fitContext: () => {
      const model = session.snapshot.model;
      const window = setup.modelInfo(model)?.contextWindow ?? contextWindowFor(model);
      const larger = setup
        .models()
        .filter((candidate) => candidate.lifecycle === 'active' && candidate.contextWindow > window)
        .sort((a, b) => b.contextWindow - a.contextWindow)[0];
      return { model, hasAttachments: session.attachments.ready.length > 0, ...(larger ? { largerModel: { id: larger.id, contextWindow: larger.contextWindow } } : {}) };
    },
    log: (message) => setup.log.info(message),
  });
  const update = () => gauge.update();
  const listeners = [
    // Not for every streamed delta: once the answer is in, the conversation is measured again.
    session.onDidChangeConversation((change) => {
      if (change.conversation === session.snapshot && !session.busy) update();
    }),
    session.onDidChangeBusy((busy) => {
      if (!busy) update();
    }),
    session.onDidReplaceConversation(update),
    session.attachments.onDidChange(update),
    keys.onDidChange(update),
    ...setup.changes.map((event) => event(update)),
  ];
  return {
    service: gauge,
    checkTurn: (text, attachments) => gauge.checkBeforeSend(() => nextRequest(text, attachments)),
    dispose: () => {
      for (const listener of listeners) listener.dispose();
      gauge.dispose();
    },
  };
}
