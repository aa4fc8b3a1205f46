import assert from 'node:assert/strict';
import { customCommandCommand } from '../../../src/commands/customCommand';
import { EDIT_OUTPUT_FORMAT } from '../../../src/shared/codeCommandCatalog';
import type { CustomCommand } from '../../../src/shared/customCommands';
import type { PromptFileCommand } from '../../../src/shared/promptFile';
import { fake, QuickPickItemKind } from '../../fakes/vscode';
import { codeCommandStubs, type CodeCommandStubs } from '../../helpers/codeCommandServices';

interface Item {
  label: string;
  kind?: QuickPickItemKind;
  description?: string;
  detail?: string;
  command?: { title: string };
}

const REVIEW: CustomCommand = { id: 'review', title: 'Review', systemPrompt: 'Review strictly.', template: '${code}', applyAsDiff: false };
const TIDY: CustomCommand = { id: 'tidy', title: 'Tidy Up', systemPrompt: 'Tidy.', template: 'Tidy ${code}', applyAsDiff: true };
const FILE: PromptFileCommand = {
  id: 'explain-deep',
  title: '/explain-deep',
  description: 'Explain in depth',
  template: 'Explain ${selection} with ${question}',
  asksQuestion: true,
  kind: 'github',
  path: '.github/prompts/explain-deep.prompt.md',
  ignored: [],
};

describe('Custom Command…', () => {
  let stubs: CodeCommandStubs;
  let offered: Item[] | undefined;
  beforeEach(() => {
    fake.reset();
    stubs = codeCommandStubs();
    offered = undefined;
  });

  const run = (...args: unknown[]) => customCommandCommand(stubs.context, stubs.services).run(...args);

  /** Answers the picker with the item whose label is `label` (or dismisses it), keeping what it offered. */
  function pick(label: string | undefined): void {
    fake.quickPickAnswers.push((items: Item[]) => {
      offered = items;
      return items.find((item) => item.label === label);
    });
  }

  it('lists the commands from settings, then the prompt files, then what was skipped', async () => {
    stubs.settings.codeCommands.customCommands = [REVIEW, TIDY];
    stubs.promptFiles = { commands: [FILE], problems: ['.claude/commands/big.md: larger than 64 KB'] };
    pick(undefined);
    assert.deepEqual(await run(), { status: 'cancelled' });
    assert.deepEqual(
      offered!.map((item) => [item.label, item.kind ?? null, item.description ?? null, item.detail ?? null]),
      [
        ['From settings', QuickPickItemKind.Separator, null, null],
        ['Review', null, 'review', null],
        ['Tidy Up', null, 'tidy', 'Answer applies as a diff'],
        ['Prompt files', QuickPickItemKind.Separator, null, null],
        ['/explain-deep', null, '.github/prompts/explain-deep.prompt.md', 'Explain in depth'],
        ['Skipped', QuickPickItemKind.Separator, null, null],
        ['$(warning) .claude/commands/big.md: larger than 64 KB', null, null, null],
      ],
    );
    assert.deepEqual(stubs.runs, [], 'a dismissed picker runs nothing');
  });

  it('runs the picked command on the editor', async () => {
    stubs.settings.codeCommands.customCommands = [REVIEW, TIDY];
    stubs.promptFiles = { commands: [FILE], problems: [] };
    pick('Tidy Up');
    await run();
    assert.equal(stubs.runs.length, 1);
    const [{ command, source, options }] = stubs.runs;
    assert.equal(command.title, 'Tidy Up');
    assert.equal(command.edits, true);
    assert.equal(command.systemPrompt, `Tidy.\n\n${EDIT_OUTPUT_FORMAT}`);
    assert.deepEqual(source, { kind: 'editor' });
    assert.deepEqual(options, {});
    pick('/explain-deep');
    await run();
    assert.equal(stubs.runs[1].command.title, '/explain-deep');
    assert.equal(stubs.runs[1].command.asksQuestion, true);
  });

  it('runs nothing when a skipped file’s line is picked', async () => {
    stubs.settings.codeCommands.customCommands = [REVIEW];
    stubs.promptFiles = { commands: [], problems: ['.claude/commands/big.md: larger than 64 KB'] };
    pick('$(warning) .claude/commands/big.md: larger than 64 KB');
    assert.deepEqual(await run(), { status: 'cancelled' });
    assert.deepEqual(stubs.runs, []);
  });

  it('runs the command an id argument names without the picker, a second argument answering its question', async () => {
    stubs.settings.codeCommands.customCommands = [REVIEW];
    stubs.promptFiles = { commands: [FILE], problems: [] };
    pick('Review');
    await run('review');
    await run('explain-deep', 'the error handling');
    assert.equal(offered, undefined, 'the picker was not shown');
    assert.deepEqual(
      stubs.runs.map((recorded) => [recorded.command.title, recorded.source, recorded.options]),
      [
        ['Review', { kind: 'editor' }, {}],
        ['/explain-deep', { kind: 'editor' }, { question: 'the error handling' }],
      ],
    );
  });

  it('warns about an unknown id and runs nothing', async () => {
    stubs.settings.codeCommands.customCommands = [REVIEW];
    assert.deepEqual(await run('reveiw'), { status: 'refused', reason: 'unknown id' });
    assert.deepEqual(stubs.runs, []);
    assert.equal(fake.messages.length, 1);
    assert.equal(fake.messages[0].level, 'warning');
    assert.match(fake.messages[0].text, /no custom command or prompt file has the id "reveiw"/);
  });

  it('with no commands at all, explains where to add them and offers Open Settings', async () => {
    fake.messageAnswers.push('Open Settings');
    pick(undefined);
    assert.deepEqual(await run(), { status: 'cancelled' });
    assert.equal(offered, undefined, 'no empty picker');
    assert.equal(fake.messages.length, 1);
    assert.match(fake.messages[0].text, /claudeChat\.customCommands.*\.claude\/commands\/\*\.md.*\.github\/prompts\/\*\.prompt\.md/);
    assert.doesNotMatch(fake.messages[0].text, /untrusted/);
    assert.deepEqual(fake.messages[0].items, ['Open Settings']);
    assert.deepEqual(fake.executedCommands, [{ id: 'workbench.action.openSettings', args: ['claudeChat.customCommands'] }]);
  });

  it('in an untrusted workspace, says prompt files are not read there', async () => {
    fake.setTrusted(false);
    await run();
    assert.match(fake.messages[0].text, /Prompt files are not read in an untrusted workspace/);
    assert.deepEqual(fake.executedCommands, [], 'dismissed: no settings opened');
  });
});
