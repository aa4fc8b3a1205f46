import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { ModelCatalog } from '../../../src/api/modelCatalog';
import type { CommandContext } from '../../../src/commands/command';
import { changeModelCommand } from '../../../src/commands/conversationSettings';
import { BUILT_IN_MODELS } from '../../../src/shared/modelInfo';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { InputBoxValidationSeverity, QuickPickItemKind, fake, type FakeQuickPick } from '../../fakes/vscode';
import { waitFor } from '../../helpers/waitFor';

const KEY = 'sk-ant-test-key-0123456789';

interface Item {
  label: string;
  description?: string;
  detail?: string;
  kind?: QuickPickItemKind;
}

describe('Change Model: the picker fed by /v1/models', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let client: Anthropic | undefined;
  let catalog: ModelCatalog;
  let current: string;
  const updates: { model?: string }[] = [];
  let context: CommandContext;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    fake.reset();
    server.reset();
    server.modelsEndpoint = 'served';
    updates.length = 0;
    current = 'claude-sonnet-5-5';
    client = createAnthropicClient({ apiKey: KEY, baseUrl: server.url, headersTimeoutMs: 5_000 });
    catalog = new ModelCatalog(async () => client);
    const session = { snapshot: { get model() { return current; } }, updateMeta: (meta: { model?: string }) => updates.push(meta) };
    context = { session, models: catalog } as unknown as CommandContext;
  });

  const listReads = () => server.requests.filter((request) => request.path === '/v1/models').length;
  /** Opens the picker and waits until it shows what the catalog answered. */
  async function open(): Promise<{ picker: FakeQuickPick<Item>; done: Promise<unknown> }> {
    const done = Promise.resolve(changeModelCommand(context).run());
    await waitFor(() => fake.quickPicks.length === 1 && !fake.quickPicks[0].busy, 'the picker to show the list');
    return { picker: fake.quickPicks[0] as FakeQuickPick<Item>, done };
  }
  const item = (picker: FakeQuickPick<Item>, label: string) => {
    const found = picker.items.find((candidate) => candidate.label.endsWith(label));
    assert.ok(found, `no item "${label}" in ${picker.items.map((candidate) => candidate.label).join(', ')}`);
    return found;
  };

  it('lists the endpoint’s models with name, id and one line of limits and capabilities; picking one sets it', async () => {
    const { picker, done } = await open();
    assert.ok(picker.visible);
    assert.equal(picker.title, 'Model for this conversation');
    assert.equal(picker.placeholder, 'Pick a model, or type to filter by name, id or capability');
    assert.deepEqual(item(picker, 'Claude Opus 5.5'), { label: 'Claude Opus 5.5', description: 'claude-opus-5-5', detail: '1M context · 128K out · thinking · images · PDFs', modelId: 'claude-opus-5-5' });
    assert.equal(item(picker, 'Text-only test model').detail, '200K context · 8.2K out');
    assert.equal(item(picker, 'Model without capabilities (test)').detail, '200K context · 8.2K out · thinking · images · PDFs · capabilities not listed');

    const active = picker.activeItems[0];
    assert.deepEqual([active.label, active.description], ['$(check) Claude Sonnet 5.5', 'claude-sonnet-5-5 · current']);
    const deprecated = item(picker, 'Claude Sonnet 4.5');
    assert.deepEqual([deprecated.label, deprecated.detail], ['$(warning) Claude Sonnet 4.5', '200K context · 64K out · thinking · images · PDFs · deprecated 2026-05-14, retires 2026-11-30']);
    assert.equal(picker.items.some((candidate) => candidate.label.includes('Opus 4.1')), false, 'a retired model is not offered');
    assert.deepEqual(
      picker.items.slice(-3).map((candidate) => [candidate.kind ?? QuickPickItemKind.Default, candidate.label]),
      [
        [QuickPickItemKind.Separator, ''],
        [QuickPickItemKind.Default, '$(refresh) Refresh list'],
        [QuickPickItemKind.Default, '$(edit) Other model id…'],
      ],
    );

    picker.accept(item(picker, 'Claude Opus 5.5'));
    await done;
    assert.deepEqual(updates, [{ model: 'claude-opus-5-5' }]);
    assert.deepEqual([picker.visible, picker.disposed], [false, true]);
  });

  it('Refresh list reads /v1/models again with the picker kept open and busy; dismissing changes nothing', async () => {
    const { picker, done } = await open();
    assert.equal(listReads(), 1);
    picker.accept(item(picker, 'Refresh list'));
    assert.deepEqual([picker.busy, picker.visible], [true, true]);
    await waitFor(() => !picker.busy, 'the refresh to finish');
    assert.equal(listReads(), 2);
    assert.ok(picker.visible, 'still open');
    assert.equal(picker.activeItems[0].description, 'claude-sonnet-5-5 · current');
    picker.hide();
    await done;
    assert.deepEqual(updates, []);
  });

  it('opens on the remembered list without reading it again', async () => {
    await catalog.list();
    const done = Promise.resolve(changeModelCommand(context).run());
    const picker = fake.quickPicks[0] as FakeQuickPick<Item>;
    assert.equal(item(picker, 'Claude Opus 5.5').description, 'claude-opus-5-5', 'shown before anything is awaited');
    await waitFor(() => !picker.busy, 'the catalog to answer');
    assert.equal(listReads(), 1);
    picker.hide();
    await done;
  });

  it('on a gateway without /v1/models, offers the built-in list and says why', async () => {
    server.modelsEndpoint = 'absent';
    const { picker, done } = await open();
    assert.equal(picker.title, 'Model for this conversation (built-in list)');
    assert.equal(picker.placeholder, 'The endpoint has no /v1/models (404); showing the built-in list.');
    const models = picker.items.filter((candidate) => candidate.kind !== QuickPickItemKind.Separator && !candidate.label.startsWith('$(refresh)') && !candidate.label.startsWith('$(edit)'));
    assert.deepEqual(models.map((candidate) => candidate.description), BUILT_IN_MODELS.map((model) => (model.id === current ? `${model.id} · current` : model.id)));
    picker.hide();
    await done;
  });

  it('says so when the conversation’s model is no longer listed, or retired, and offers the others', async () => {
    current = 'claude-opus-4-0';
    let { picker, done } = await open();
    assert.deepEqual(picker.items[0], {
      label: '$(warning) claude-opus-4-0',
      description: 'claude-opus-4-0 · current',
      detail: 'This endpoint no longer lists this model: pick another one.',
      modelId: 'claude-opus-4-0',
      current: true,
    });
    assert.equal(picker.activeItems[0], picker.items[0]);
    picker.hide();
    await done;

    fake.quickPicks.length = 0;
    current = 'claude-opus-4-1';
    ({ picker, done } = await open());
    const retired = picker.activeItems[0];
    assert.deepEqual([retired.label, retired.detail], ['$(check) $(warning) Claude Opus 4.1', '200K context · 32K out · thinking · images · PDFs · retired 2026-08-05: requests naming it fail']);
    picker.accept(item(picker, 'Claude Haiku 5.5'));
    await done;
    assert.deepEqual(updates, [{ model: 'claude-haiku-5-5' }]);
  });

  it('Other model id… asks for an id, refuses one with spaces and warns about one the endpoint does not list', async () => {
    let asked: { value?: string; validateInput(value: string): unknown } | undefined;
    fake.inputAnswers.push((options: never) => ((asked = options), ' gateway/claude-custom '));
    const { picker, done } = await open();
    picker.value = 'claude-custom';
    picker.accept(item(picker, 'Other model id…'));
    await done;
    assert.deepEqual(updates, [{ model: 'gateway/claude-custom' }]);
    assert.ok(asked);
    assert.equal(asked.value, 'claude-custom', 'what was typed in the picker');
    assert.equal(asked.validateInput('claude opus'), 'A model id is one word: letters, digits and . : @ / _ -');
    assert.deepEqual(asked.validateInput('claude-nope'), { message: "Not in this endpoint's model list; it will be sent as typed.", severity: InputBoxValidationSeverity.Warning });
    assert.deepEqual(asked.validateInput('claude-opus-4-1'), { message: 'This model is retired: requests naming it fail.', severity: InputBoxValidationSeverity.Warning });
    assert.equal(asked.validateInput('claude-opus-5-5-20261104'), undefined);
  });

  it('run(id) sets the model without a picker; no key shows the built-in list', async () => {
    await changeModelCommand(context).run('  claude-haiku-5-5 ');
    assert.deepEqual(updates, [{ model: 'claude-haiku-5-5' }]);
    assert.equal(fake.quickPicks.length, 0);

    client = undefined;
    const { picker, done } = await open();
    assert.equal(picker.placeholder, 'No API key is set; showing the built-in list.');
    assert.equal(server.requests.length, 0);
    picker.hide();
    await done;
  });
});
