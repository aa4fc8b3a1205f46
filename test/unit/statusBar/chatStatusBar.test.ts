import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { KeyStatus } from '../../../src/auth/apiKeyStore';
import { userEndpointsOnly, type EndpointSettings } from '../../../src/config/endpointPolicy';
import type { Usage } from '../../../src/shared/conversation';
import { ChatStatusBar, STATUS_MENU_COMMAND, type ChatStatusBarInputs } from '../../../src/statusBar/chatStatusBar';
import { waitFor } from '../../helpers/waitFor';
import { EventEmitter, MarkdownString, StatusBarAlignment, ThemeColor, commands, fake, statusBarItems } from '../../fakes/vscode';

const USAGE: Usage = { inputTokens: 1000, outputTokens: 250, cacheReadInputTokens: 3000, cacheCreationInputTokens: 0 };

describe('ChatStatusBar', () => {
  const bars: ChatStatusBar[] = [];
  let key: KeyStatus;
  let endpoint: EndpointSettings;
  let cost: string | undefined;
  let usage: Usage | undefined;
  let changed: EventEmitter<void>;

  beforeEach(() => {
    fake.reset();
    statusBarItems.length = 0;
    key = { state: 'stored' };
    endpoint = { baseUrl: undefined, baseUrlScope: 'default' };
    cost = '$0.42';
    usage = USAGE;
    changed = new EventEmitter<void>();
  });
  afterEach(() => bars.splice(0).forEach((bar) => bar.dispose()));

  async function start(overrides: Partial<ChatStatusBarInputs> = {}) {
    const bar = new ChatStatusBar({
      model: () => 'claude-sonnet-5-5',
      modelName: (id) => (id === 'claude-sonnet-5-5' ? 'Claude Sonnet 5.5' : undefined),
      keyStatus: async () => key,
      endpoint: () => endpoint,
      decide: (settings) => userEndpointsOnly.decide(settings),
      cost: () => cost,
      usage: () => usage,
      // The fake's Event differs from vscode's only in its Disposable type.
      changes: [changed.event as unknown as vscode.Event<unknown>],
      ...overrides,
    });
    bars.push(bar);
    await bar.refresh();
    const item = statusBarItems.at(-1)!;
    // The Markdown source with appendText's escapes taken out, so assertions read as the user does.
    return { bar, item, tooltip: () => (item.tooltip as MarkdownString).value.replace(/\\(.)/g, '$1') };
  }

  it('shows the model’s name and the conversation’s cost on the right, named Claude Chat', async () => {
    const { item } = await start();
    assert.equal(item.alignment, StatusBarAlignment.Right);
    assert.equal(item.name, 'Claude Chat');
    assert.equal(item.text, '$(sparkle) Sonnet 5.5 · $0.42');
    assert.equal(item.backgroundColor, undefined);
    assert.equal(item.command, STATUS_MENU_COMMAND);
    assert.ok(item.visible);
  });

  it('shows the model id when no name is known, and no cost while there is none', async () => {
    cost = undefined;
    const { item } = await start({ modelName: () => undefined });
    assert.equal(item.text, '$(sparkle) claude-sonnet-5-5');
  });

  it('no key: says so on a warning background, and a click sets one', async () => {
    key = { state: 'none', unreadable: false };
    const { item, tooltip } = await start();
    assert.equal(item.text, '$(key) No key');
    assert.deepEqual(item.backgroundColor, new ThemeColor('statusBarItem.warningBackground'));
    assert.equal(item.command, 'claudeChat.setApiKey');
    assert.match(tooltip(), /Key: none set/);
  });

  it('a rejected key: "Key invalid" on a warning background, a click sets another', async () => {
    key = { state: 'invalid', source: 'secretStorage', rejected: true };
    const { item, tooltip } = await start();
    assert.equal(item.text, '$(error) Key invalid');
    assert.deepEqual(item.backgroundColor, new ThemeColor('statusBarItem.warningBackground'));
    assert.equal(item.command, 'claudeChat.setApiKey');
    assert.match(tooltip(), /the stored key was rejected by the API \(401\)/);
  });

  it('the tooltip: model, key source, endpoint, header names (never values), tokens, cache hits and cost; untrusted', async () => {
    key = { state: 'environment' };
    endpoint = { baseUrl: 'https://gateway.example/anthropic', baseUrlScope: 'user', extraHeaders: { values: { 'X-Team': 'data', 'X-Gateway-Token': 'gateway-secret-0123' }, scope: 'user' } };
    const { item, tooltip } = await start();
    const tip = item.tooltip as MarkdownString;
    assert.equal(tip.isTrusted, false);
    assert.equal(tip.supportThemeIcons, true);
    const text = tooltip();
    assert.match(text, /Model: Claude Sonnet 5\.5 \(claude-sonnet-5-5\)/);
    assert.match(text, /Key: from ANTHROPIC_API_KEY/);
    assert.match(text, /Endpoint: gateway\.example \(set in your user settings\)/);
    assert.match(text, /Extra headers: X-Gateway-Token, X-Team\n/);
    assert.ok(!text.includes('gateway-secret') && !text.includes('data'), 'no header value');
    assert.match(text, /4,000 tokens in · 250 out · 75% read from cache · \$0\.42/);
  });

  it('the default endpoint is api.anthropic.com; a workspace’s unapproved one says so', async () => {
    const first = await start();
    assert.match(first.tooltip(), /Endpoint: api\.anthropic\.com\n/);
    endpoint = { baseUrl: 'https://collector.example', baseUrlScope: 'workspace' };
    await first.bar.refresh();
    assert.match(first.tooltip(), /collector\.example \(set in this workspace's settings; Not sent: collector\.example is not approved\.\)/);
  });

  it('escapes what settings put in it, so a model id cannot add a link or markup', async () => {
    const { item } = await start({ model: () => '[click](command:workbench.action.terminal.new)', modelName: () => undefined });
    const source = (item.tooltip as MarkdownString).value;
    assert.ok(!source.includes('[click](command:'), source);
    assert.ok(source.includes('\\[click\\]\\(command:'), source);
  });

  it('redraws on each change it is given', async () => {
    const { item } = await start();
    cost = '$1.00';
    changed.fire();
    await waitFor(() => item.text === '$(sparkle) Sonnet 5.5 · $1.00', 'the redraw after the change');
  });

  it('a slow key answer never overwrites a newer one', async () => {
    let release: (status: KeyStatus) => void = () => undefined;
    const answers: Promise<KeyStatus>[] = [new Promise((resolve) => (release = resolve)), Promise.resolve({ state: 'stored' })];
    let asked = 0;
    const bar = new ChatStatusBar({ model: () => 'claude-sonnet-5-5', keyStatus: () => answers[Math.min(asked++, 1)], endpoint: () => endpoint, changes: [] });
    bars.push(bar);
    const item = statusBarItems.at(-1)!;
    await bar.refresh();
    assert.equal(item.text, '$(sparkle) claude-sonnet-5-5');
    release({ state: 'none', unreadable: false });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(item.text, '$(sparkle) claude-sonnet-5-5', 'the older answer came last and was dropped');
  });

  it('a click with a key opens a menu whose pick runs its command; without one it goes straight to Set API Key', async () => {
    await start();
    let offered: string[] = [];
    fake.quickPickAnswers.push((items: { label: string }[]) => {
      offered = items.map((entry) => entry.label);
      return items.find((entry) => entry.label.includes('Change Model'));
    });
    await commands.executeCommand(STATUS_MENU_COMMAND);
    assert.deepEqual(offered, ['$(sparkle) Change Model', '$(key) Set API Key', '$(trash) Clear API Key', '$(shield) Manage Approved Endpoints…', '$(gear) Open Settings']);
    assert.ok(fake.executedCommands.some((command) => command.id === 'claudeChat.changeModel'));

    key = { state: 'invalid', source: 'environment', rejected: true };
    await bars[0].refresh();
    await commands.executeCommand(STATUS_MENU_COMMAND);
    assert.equal(fake.executedCommands.at(-1)?.id, 'claudeChat.setApiKey');
  });

  it('disposes its item and its command', async () => {
    const { bar, item } = await start();
    bar.dispose();
    assert.ok(item.disposed);
    assert.ok(!(await commands.getCommands()).includes(STATUS_MENU_COMMAND));
  });
});
