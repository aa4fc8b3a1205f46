import assert from 'node:assert/strict';
import { builtInCommand, customCommand, promptFileCommand } from '../../../src/codeCommands/resolvedCommand';
import { defaultCodeCommandSettings } from '../../../src/config/settingsSchema';
import { BUILT_IN_COMMANDS, EDIT_INSTRUCTION_MARKER, EDIT_OUTPUT_FORMAT, type BuiltInCommandName } from '../../../src/shared/codeCommandCatalog';
import type { CustomCommand } from '../../../src/shared/customCommands';
import type { PromptFileCommand } from '../../../src/shared/promptFile';

describe('builtInCommand', () => {
  it('takes the title and whether it edits from the catalog, and the prompts from the settings', () => {
    const settings = defaultCodeCommandSettings();
    settings.prompts.refactor = { systemPrompt: 'My refactor prompt.', template: 'Refactor:\n${code}' };
    assert.deepEqual(builtInCommand('refactor', settings), {
      title: 'Refactor',
      systemPrompt: 'My refactor prompt.',
      template: 'Refactor:\n${code}',
      edits: true,
      asksQuestion: false,
      needsDiagnostics: false,
    });
    assert.equal(builtInCommand('explain', settings).systemPrompt, BUILT_IN_COMMANDS.explain.defaults.systemPrompt);
  });

  it('edits for Refactor, Fix, Add Documentation and Optimize only', () => {
    const settings = defaultCodeCommandSettings();
    const editing = (Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[]).filter((name) => builtInCommand(name, settings).edits);
    assert.deepEqual(editing.sort(), ['addDocumentation', 'fix', 'optimize', 'refactor']);
  });

  it('needs problems in range for Fix and Explain Problem, not for Find Bugs (which looks without them)', () => {
    const settings = defaultCodeCommandSettings();
    const needing = (Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[]).filter((name) => builtInCommand(name, settings).needsDiagnostics);
    assert.deepEqual(needing.sort(), ['explainProblem', 'fix']);
  });

  it('asks a question for Ask, and for any command whose template the user gave a ${question}', () => {
    const settings = defaultCodeCommandSettings();
    assert.equal(builtInCommand('ask', settings).asksQuestion, true);
    assert.equal(builtInCommand('explain', settings).asksQuestion, false);
    settings.prompts.explain = { ...settings.prompts.explain, template: '${code}\n\nFocus on: ${question}' };
    assert.equal(builtInCommand('explain', settings).asksQuestion, true);
    settings.prompts.explain = { ...settings.prompts.explain, template: '${code}\n\nLiteral $${question}' };
    assert.equal(builtInCommand('explain', settings).asksQuestion, false, 'an escaped placeholder is text, not a question');
  });
});

describe('customCommand', () => {
  const base: CustomCommand = { id: 'review', title: 'Review', systemPrompt: 'Review strictly.', template: '${code}', applyAsDiff: false };

  it('keeps a command that answers in the chat as the user wrote it', () => {
    assert.deepEqual(customCommand(base), { title: 'Review', systemPrompt: 'Review strictly.', template: '${code}', edits: false, asksQuestion: false, needsDiagnostics: false });
  });

  it('adds the edit output format to a command applied as a diff, unless its prompt already asks for it', () => {
    const editing = customCommand({ ...base, applyAsDiff: true });
    assert.equal(editing.edits, true);
    assert.equal(editing.systemPrompt, `Review strictly.\n\n${EDIT_OUTPUT_FORMAT}`);
    assert.equal(customCommand({ ...base, systemPrompt: '', applyAsDiff: true }).systemPrompt, EDIT_OUTPUT_FORMAT, 'no blank lines before it');
    const own = `Give ${EDIT_INSTRUCTION_MARKER} in one block.`;
    assert.equal(customCommand({ ...base, systemPrompt: own, applyAsDiff: true }).systemPrompt, own);
  });

  it('carries its model, its destination and a question its template asks', () => {
    const resolved = customCommand({ ...base, template: '${code}\n${question}', model: 'claude-haiku-5-5', conversation: 'current' });
    assert.equal(resolved.model, 'claude-haiku-5-5');
    assert.equal(resolved.answerIn, 'currentConversation');
    assert.equal(resolved.asksQuestion, true);
    assert.equal(customCommand({ ...base, conversation: 'new' }).answerIn, 'newConversation');
    assert.equal('answerIn' in customCommand(base), false, 'unset: the setting decides');
    assert.equal('model' in customCommand(base), false, 'unset: the chat’s model');
  });
});

describe('promptFileCommand', () => {
  const file: PromptFileCommand = { id: 'review', title: '/review', template: 'Review ${selection}', asksQuestion: false, kind: 'claude', path: '.claude/commands/review.md', ignored: [] };

  it('runs with the conversation’s own system prompt, answers in the chat and never edits', () => {
    assert.deepEqual(promptFileCommand(file), { title: '/review', systemPrompt: '', template: 'Review ${selection}', edits: false, asksQuestion: false, needsDiagnostics: false });
  });

  it('carries the file’s question, its hint and its Claude model', () => {
    const resolved = promptFileCommand({ ...file, template: 'Review ${question}', asksQuestion: true, questionHint: '[pr-number]', model: 'claude-opus-5-5' });
    assert.equal(resolved.asksQuestion, true);
    assert.equal(resolved.questionHint, '[pr-number]');
    assert.equal(resolved.model, 'claude-opus-5-5');
  });
});
