import assert from 'node:assert/strict';
import { MAX_CUSTOM_COMMANDS, parseCustomCommands } from '../../../src/shared/customCommands';

const valid = { id: 'review', title: 'Review', template: 'Review ${code}' };

describe('parseCustomCommands', () => {
  it('reads a full entry and fills the defaults of a minimal one', () => {
    const full = { id: 'sec.review_1', title: ' Security Review ', systemPrompt: 'You are a security reviewer.', template: 'Check ${code}', model: 'claude-opus-5-5', conversation: 'new', applyAsDiff: true };
    const { commands, problems } = parseCustomCommands([full, valid]);
    assert.deepEqual(problems, []);
    assert.deepEqual(commands, [
      { id: 'sec.review_1', title: 'Security Review', systemPrompt: 'You are a security reviewer.', template: 'Check ${code}', model: 'claude-opus-5-5', conversation: 'new', applyAsDiff: true },
      { id: 'review', title: 'Review', systemPrompt: '', template: 'Review ${code}', applyAsDiff: false },
    ]);
  });

  it('treats an unset setting as no commands and anything but a list as one problem', () => {
    assert.deepEqual(parseCustomCommands(undefined), { commands: [], problems: [] });
    assert.deepEqual(parseCustomCommands(null), { commands: [], problems: [] });
    for (const value of [{}, 'review', 3, true]) {
      const result = parseCustomCommands(value);
      assert.deepEqual(result.commands, []);
      assert.deepEqual(result.problems, ['claudeChat.customCommands must be a list of commands (a JSON array).']);
    }
  });

  it('leaves out entries missing a required field, naming the index and the field', () => {
    const { commands, problems } = parseCustomCommands([
      'not an object',
      { title: 'No id', template: 't' },
      { id: 'bad id!', title: 'Bad', template: 't' },
      { id: 'x'.repeat(65), title: 'Long', template: 't' },
      { id: 'notitle', template: 't' },
      { id: 'blanktitle', title: '   ', template: 't' },
      { id: 'notemplate', title: 'No template' },
      { id: 'numbertemplate', title: 'T', template: 42 },
      { id: 'badsystem', title: 'T', template: 't', systemPrompt: ['x'] },
      valid,
    ]);
    assert.deepEqual(commands.map((command) => command.id), ['review']);
    assert.deepEqual(
      problems.map((problem) => problem.split(':')[0]),
      [
        'claudeChat.customCommands[0]',
        'claudeChat.customCommands[1].id',
        'claudeChat.customCommands[2].id',
        'claudeChat.customCommands[3].id',
        'claudeChat.customCommands[4].title',
        'claudeChat.customCommands[5].title',
        'claudeChat.customCommands[6].template',
        'claudeChat.customCommands[7].template',
        'claudeChat.customCommands[8].systemPrompt',
      ],
    );
  });

  it('keeps the first of two entries with the same id and says which one it clashes with', () => {
    const { commands, problems } = parseCustomCommands([valid, { ...valid, title: 'Other' }]);
    assert.deepEqual(commands.map((command) => command.title), ['Review']);
    assert.deepEqual(problems, ['claudeChat.customCommands[1].id: "review" is already used by claudeChat.customCommands[0].']);
  });

  it('keeps a command whose optional fields are wrong, without them, and says so', () => {
    const { commands, problems } = parseCustomCommands([{ ...valid, model: 'gpt 5 (copilot)', conversation: 'elsewhere', applyAsDiff: 'yes' }]);
    assert.deepEqual(commands, [{ id: 'review', title: 'Review', systemPrompt: '', template: 'Review ${code}', applyAsDiff: false }]);
    assert.deepEqual(
      problems.map((problem) => problem.split(':')[0]),
      ['claudeChat.customCommands[0].model', 'claudeChat.customCommands[0].conversation', 'claudeChat.customCommands[0].applyAsDiff'],
    );
    assert.deepEqual(parseCustomCommands([{ ...valid, model: '' }]).problems, []);
  });

  it('warns about placeholder typos and unknown fields, keeping the command', () => {
    const { commands, problems } = parseCustomCommands([{ ...valid, template: 'Look at ${selectedText} in ${file}', sytemPrompt: 'typo' }]);
    assert.equal(commands.length, 1);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /^claudeChat\.customCommands\[0\]\.template: \$\{selectedText\} is not a placeholder/);
    assert.match(problems[1], /\$\{file\} is not a placeholder/);
    assert.match(problems[2], /^claudeChat\.customCommands\[0\]\.sytemPrompt: unknown field/);
  });

  it('bounds sizes: the number of commands and the length of prompts', () => {
    const many = Array.from({ length: MAX_CUSTOM_COMMANDS + 20 }, (_, i) => ({ ...valid, id: `c${i}` }));
    const result = parseCustomCommands(many);
    assert.equal(result.commands.length, MAX_CUSTOM_COMMANDS);
    assert.match(result.problems[0], /only the first 100 of 120/);
    const huge = parseCustomCommands([{ ...valid, template: 'x'.repeat(100_001) }, { ...valid, id: 'b', systemPrompt: 'x'.repeat(100_001) }, { ...valid, id: 'c', title: 't'.repeat(201) }]);
    assert.deepEqual(huge.commands, []);
    assert.equal(huge.problems.length, 3);
  });

  it('reads own fields only: a __proto__ key in the JSON neither fills fields nor pollutes Object.prototype', () => {
    const entries = JSON.parse('[{"__proto__": {"id": "evil", "title": "Evil", "template": "t", "applyAsDiff": true}}, {"id": "ok", "title": "Ok", "template": "t", "__proto__": {"applyAsDiff": true, "model": "claude-evil"}}]');
    const { commands, problems } = parseCustomCommands(entries);
    assert.deepEqual(commands, [{ id: 'ok', title: 'Ok', systemPrompt: '', template: 't', applyAsDiff: false }]);
    assert.match(problems[0], /^claudeChat\.customCommands\[0\]\.id: required/);
    assert.match(problems.at(-1) ?? '', /^claudeChat\.customCommands\[1\]\.__proto__: unknown field/);
    assert.equal(({} as Record<string, unknown>).applyAsDiff, undefined);
    const inherited = Object.create({ id: 'inherited', title: 'I', template: 't' }) as object;
    assert.equal(parseCustomCommands([inherited]).commands.length, 0);
  });
});
