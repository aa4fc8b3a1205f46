import * as vscode from 'vscode';
import type { InspectView } from '../shared/protocol';
import { inspectableRequest, inspectableResponse, toPrettyJson, type InspectedExchange } from '../shared/requestInspection';
import { curlSnippet, pythonSnippet, typeScriptSnippet } from '../shared/requestSnippets';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS, type CommandId } from './commandIds';

export type { ExchangeLookup, InspectedExchange } from '../shared/requestInspection';

/** The command behind each entry of an answer's Inspect menu (the webview posts `message/inspect` with the view). */
export const INSPECT_COMMAND_IDS: Readonly<Record<InspectView, CommandId>> = {
  request: COMMAND_IDS.showRequest,
  response: COMMAND_IDS.showResponse,
  curl: COMMAND_IDS.copyRequestAsCurl,
  typescript: COMMAND_IDS.copyRequestAsTypeScript,
  python: COMMAND_IDS.copyRequestAsPython,
};

const COPIES = {
  curl: { label: 'curl', snippet: curlSnippet },
  typescript: { label: 'TypeScript (SDK)', snippet: typeScriptSnippet },
  python: { label: 'Python (SDK)', snippet: pythonSnippet },
} as const;

/** How long the status bar confirms a copy. */
const CONFIRMATION_MS = 5000;

/**
 * The API inspector: Show Request, Show Response, and Copy as curl / TypeScript / Python for one answer, each run
 * with the answer's message id (they are not in the Command Palette: without an answer there is nothing to inspect).
 */
export function inspectExchangeCommands(context: CommandContext): Command[] {
  return (Object.keys(INSPECT_COMMAND_IDS) as InspectView[]).map((view) => ({
    id: INSPECT_COMMAND_IDS[view],
    run: (messageId?: unknown) => inspect(context, view, messageId),
  }));
}

async function inspect(context: CommandContext, view: InspectView, messageId: unknown): Promise<void> {
  if (typeof messageId !== 'string' || messageId.length === 0) {
    void vscode.window.showInformationMessage('Claude Chat: open an answer’s Inspect menu in the chat to see the request it was sent with.');
    return;
  }
  let exchange: InspectedExchange | undefined;
  try {
    exchange = await context.exchanges.exchangeFor(messageId);
  } catch (error) {
    context.log.error(`Inspect ${view} of ${messageId}: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(`Claude Chat could not rebuild this answer’s request: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!exchange) {
    void vscode.window.showInformationMessage('Claude Chat has no request for this message: only Claude’s answers can be inspected.');
    return;
  }
  const rebuilt = exchange.rebuilt ? ' (rebuilt)' : '';
  const name = fileNamePart(messageId);
  switch (view) {
    case 'request':
      await context.inspectorDocuments.show(`request-${name}${rebuilt}.json`, toPrettyJson(inspectableRequest(exchange.request)));
      if (exchange.rebuilt) vscode.window.setStatusBarMessage('Claude Chat: this request was rebuilt from the saved conversation; what was sent may have differed.', CONFIRMATION_MS);
      return;
    case 'response':
      if (!exchange.response) {
        void vscode.window.showInformationMessage('Claude Chat: this answer has no response yet. It is still streaming, or its request failed; Show Request shows what was sent.');
        return;
      }
      await context.inspectorDocuments.show(`response-${name}${rebuilt}.json`, toPrettyJson(inspectableResponse(exchange.response)));
      return;
    case 'curl':
    case 'typescript':
    case 'python': {
      const { label, snippet } = COPIES[view];
      await vscode.env.clipboard.writeText(snippet(exchange));
      vscode.window.setStatusBarMessage(`$(check) Claude Chat: copied the request as ${label}. It reads your key from ANTHROPIC_API_KEY.`, CONFIRMATION_MS);
      return;
    }
  }
}

/** The id as it may appear in a file name: ids are the extension's own, but the webview that posts them is untrusted. */
function fileNamePart(messageId: string): string {
  return messageId.replace(/[^\w.-]/g, '_');
}
