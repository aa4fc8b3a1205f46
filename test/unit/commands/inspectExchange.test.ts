import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { registerCommands, type CommandContext } from '../../../src/commands/command';
import { COMMAND_IDS } from '../../../src/commands/commandIds';
import { INSPECT_COMMAND_IDS, inspectExchangeCommands, type ExchangeLookup, type InspectedExchange } from '../../../src/commands/inspectExchange';
import { INSPECT_SCHEME, InspectorDocuments } from '../../../src/inspector/inspectorDocuments';
import { INSPECT_VIEWS } from '../../../src/shared/protocol';
import { curlSnippet, pythonSnippet, typeScriptSnippet } from '../../../src/shared/requestSnippets';
import { FakeLog, commands, fake, type FakeTextDocument } from '../../fakes/vscode';

const IMAGE_BASE64 = 'iVBORw0KGgo'.repeat(1000) + 'AA==';

function exchange(extra: Partial<InspectedExchange> = {}): InspectedExchange {
  return {
    request: {
      model: 'claude-sonnet-5-5',
      max_tokens: 2048,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: IMAGE_BASE64 } }, { type: 'text', text: 'What is this?' }] }],
    },
    response: {
      id: 'msg_01XYZ',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content: [{ type: 'text', text: 'A picture.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 120, output_tokens: 4, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    },
    baseUrl: 'https://gateway.example.com/anthropic',
    rebuilt: false,
    extraHeaderNames: ['X-Gateway-Token'],
    ...extra,
  };
}

describe('API inspector commands: Show Request, Show Response, Copy as curl / TypeScript / Python', () => {
  let documents: InspectorDocuments;
  let registration: { dispose(): unknown };
  let log: FakeLog;
  const exchanges = new Map<string, InspectedExchange | Error>();
  const lookup: ExchangeLookup = {
    async exchangeFor(messageId) {
      const found = exchanges.get(messageId);
      if (found instanceof Error) throw found;
      return found;
    },
  };

  beforeEach(() => {
    fake.reset();
    exchanges.clear();
    documents = new InspectorDocuments();
    log = new FakeLog();
    const context = { exchanges: lookup, inspectorDocuments: documents, log } as unknown as CommandContext;
    registration = registerCommands(inspectExchangeCommands(context));
  });
  afterEach(() => {
    registration.dispose();
    documents.dispose();
  });

  const shownDocument = () => fake.shownDocuments.at(-1)?.document as FakeTextDocument | undefined;

  it('Show Request opens the body as sent, read-only JSON named for the answer, with base64 elided and stream: true', async () => {
    exchanges.set('msg_a1', exchange());
    await commands.executeCommand('claudeChat.showRequest', 'msg_a1');
    const document = shownDocument()!;
    assert.equal(document.uri.scheme, INSPECT_SCHEME, 'served by the inspector’s provider: VS Code opens it read-only');
    assert.equal(document.uri.path, '/request-msg_a1.json');
    assert.equal(document.languageId, 'json');
    const shown = JSON.parse(document.getText());
    assert.equal(shown.stream, true);
    assert.equal(shown.system, 'Be brief.');
    assert.equal(shown.messages[0].content[0].source.data, '<base64 image/png, 8 kB elided>');
    assert.ok(!document.getText().includes(IMAGE_BASE64.slice(0, 40)));
  });

  it('Show Response opens the Message that came back', async () => {
    exchanges.set('msg_a1', exchange());
    await commands.executeCommand('claudeChat.showResponse', 'msg_a1');
    const document = shownDocument()!;
    assert.equal(document.uri.path, '/response-msg_a1.json');
    const shown = JSON.parse(document.getText());
    assert.deepEqual(Object.keys(shown), ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    assert.equal(shown.id, 'msg_01XYZ');
    assert.deepEqual(shown.usage, exchange().response!.usage);
  });

  it('names a rebuilt request as such, and says so in the status bar', async () => {
    exchanges.set('msg_a1', exchange({ rebuilt: true }));
    await commands.executeCommand('claudeChat.showRequest', 'msg_a1');
    assert.equal(shownDocument()!.uri.path, '/request-msg_a1 (rebuilt).json');
    assert.match(fake.statusBarMessages.join('\n'), /rebuilt from the saved conversation/);
  });

  it('explains that an answer still streaming or failed has no response, and opens nothing', async () => {
    exchanges.set('msg_a1', exchange({ response: undefined }));
    await commands.executeCommand('claudeChat.showResponse', 'msg_a1');
    assert.equal(fake.shownDocuments.length, 0);
    assert.match(fake.messages[0].text, /no response yet\. It is still streaming, or its request failed/);
    await commands.executeCommand('claudeChat.showRequest', 'msg_a1');
    assert.equal(fake.shownDocuments.length, 1, 'its request can still be shown');
  });

  it('copies the request as curl, TypeScript and Python, whole (base64 included), and confirms in the status bar', async () => {
    const inspected = exchange();
    exchanges.set('msg_a1', inspected);
    const expected: [string, (source: InspectedExchange) => string, RegExp][] = [
      ['claudeChat.copyRequestAsCurl', curlSnippet, /copied the request as curl/],
      ['claudeChat.copyRequestAsTypeScript', typeScriptSnippet, /copied the request as TypeScript \(SDK\)/],
      ['claudeChat.copyRequestAsPython', pythonSnippet, /copied the request as Python \(SDK\)/],
    ];
    for (const [id, snippet, confirmation] of expected) {
      await commands.executeCommand(id, 'msg_a1');
      assert.equal(fake.clipboard, snippet(inspected), id);
      assert.ok(fake.clipboard.includes(IMAGE_BASE64), `${id} reproduces the image`);
      assert.ok(fake.clipboard.includes('ANTHROPIC_API_KEY'));
      assert.match(fake.statusBarMessages.at(-1) ?? '', confirmation);
    }
    assert.equal(fake.shownDocuments.length, 0);
  });

  it('copies the request of a failed answer too', async () => {
    exchanges.set('msg_a1', exchange({ response: undefined }));
    await commands.executeCommand('claudeChat.copyRequestAsCurl', 'msg_a1');
    assert.match(fake.clipboard, /^curl /m);
  });

  it('says plainly when there is nothing to inspect: no message id, an unknown message, a lookup that failed', async () => {
    await commands.executeCommand('claudeChat.showRequest');
    assert.match(fake.messages.at(-1)!.text, /Inspect menu/);
    await commands.executeCommand('claudeChat.copyRequestAsPython', 'msg_unknown');
    assert.match(fake.messages.at(-1)!.text, /no request for this message/);
    exchanges.set('msg_broken', new Error('attachment file missing'));
    await commands.executeCommand('claudeChat.showRequest', 'msg_broken');
    assert.equal(fake.messages.at(-1)!.level, 'error');
    assert.match(fake.messages.at(-1)!.text, /attachment file missing/);
    assert.match(log.lines.at(-1)!.text, /attachment file missing/);
    assert.equal(fake.shownDocuments.length, 0);
    assert.equal(fake.clipboard, '');
  });

  it('keeps an odd message id from the webview out of the document’s path', async () => {
    exchanges.set('../x/y z', exchange());
    await commands.executeCommand('claudeChat.showRequest', '../x/y z');
    assert.equal(shownDocument()!.uri.path, '/request-.._x_y_z.json');
  });

  it('has a command for every view the webview’s Inspect menu can ask for', () => {
    assert.deepEqual(Object.keys(INSPECT_COMMAND_IDS).sort(), [...INSPECT_VIEWS].sort());
    const ids = inspectExchangeCommands({} as CommandContext).map((command) => command.id);
    assert.deepEqual(ids.sort(), [COMMAND_IDS.copyRequestAsCurl, COMMAND_IDS.copyRequestAsPython, COMMAND_IDS.copyRequestAsTypeScript, COMMAND_IDS.showRequest, COMMAND_IDS.showResponse].sort());
  });

  it('contributes the commands with their titles, hidden from the Command Palette (each needs an answer)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    const titles = Object.fromEntries((manifest.contributes.commands as { command: string; title: string; category: string }[]).map((c) => [c.command, `${c.category}: ${c.title}`]));
    assert.equal(titles['claudeChat.showRequest'], 'Claude Chat: Show Request');
    assert.equal(titles['claudeChat.showResponse'], 'Claude Chat: Show Response');
    assert.equal(titles['claudeChat.copyRequestAsCurl'], 'Claude Chat: Copy Request as curl');
    const palette = manifest.contributes.menus.commandPalette as { command: string; when?: string }[];
    for (const id of Object.values(INSPECT_COMMAND_IDS)) assert.equal(palette.find((item) => item.command === id)?.when, 'false', id);
  });
});
