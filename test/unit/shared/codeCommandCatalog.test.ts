import assert from 'node:assert/strict';
import { BUILT_IN_COMMANDS, EDIT_INSTRUCTION_MARKER, EDIT_OUTPUT_FORMAT, type BuiltInCommandName } from '../../../src/shared/codeCommandCatalog';
import type { CodeSnippet } from '../../../src/shared/codeContext';
import { buildCommandPrompt, templateUses, unknownPlaceholders } from '../../../src/shared/promptTemplate';

const NAMES = Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[];
const EDITING: BuiltInCommandName[] = ['refactor', 'fix', 'addDocumentation', 'optimize'];

describe('BUILT_IN_COMMANDS', () => {
  it('lists the eight commands of the Claude submenu, the quick fix’s and the terminal’s, with their titles', () => {
    assert.deepEqual(
      NAMES.map((name) => [name, BUILT_IN_COMMANDS[name].name, BUILT_IN_COMMANDS[name].title]),
      [
        ['explain', 'explain', 'Explain'],
        ['refactor', 'refactor', 'Refactor'],
        ['findBugs', 'findBugs', 'Find Bugs'],
        ['fix', 'fix', 'Fix'],
        ['writeTests', 'writeTests', 'Write Tests'],
        ['addDocumentation', 'addDocumentation', 'Add Documentation'],
        ['optimize', 'optimize', 'Optimize'],
        ['ask', 'ask', 'Ask About Selection'],
        ['explainProblem', 'explainProblem', 'Explain Problem'],
        ['explainTerminal', 'explainTerminal', 'Explain Terminal Output'],
      ],
    );
  });

  it('marks which commands edit, ask a question and use diagnostics', () => {
    assert.deepEqual(NAMES.filter((name) => BUILT_IN_COMMANDS[name].edits), EDITING);
    assert.deepEqual(NAMES.filter((name) => BUILT_IN_COMMANDS[name].asksQuestion), ['ask']);
    assert.deepEqual(NAMES.filter((name) => BUILT_IN_COMMANDS[name].usesDiagnostics), ['findBugs', 'fix', 'explainProblem']);
  });

  it('cannot be changed at run time (settings overrides copy the defaults)', () => {
    assert.ok(Object.isFrozen(BUILT_IN_COMMANDS));
    for (const name of NAMES) {
      assert.ok(Object.isFrozen(BUILT_IN_COMMANDS[name]), name);
      assert.ok(Object.isFrozen(BUILT_IN_COMMANDS[name].defaults), name);
    }
  });
});

describe('default prompts', () => {
  it('edit commands, and only they, ask for one complete replacement block: what the diff applies', () => {
    assert.ok(EDIT_OUTPUT_FORMAT.includes(EDIT_INSTRUCTION_MARKER));
    for (const name of NAMES) {
      const { systemPrompt } = BUILT_IN_COMMANDS[name].defaults;
      assert.equal(systemPrompt.includes(EDIT_INSTRUCTION_MARKER), EDITING.includes(name), name);
      if (!EDITING.includes(name)) continue;
      assert.ok(systemPrompt.includes(EDIT_OUTPUT_FORMAT), name);
      assert.match(systemPrompt, /One fenced code block, tagged with the same language/);
      assert.match(systemPrompt, /same indentation/);
      assert.match(systemPrompt, /Nothing from outside the range/);
      assert.match(systemPrompt, /no other code blocks/);
      assert.match(systemPrompt, /at most a short note/);
    }
  });

  it('give each command a role and its focus', () => {
    const { explain, refactor, findBugs, fix, writeTests, addDocumentation, optimize, ask } = BUILT_IN_COMMANDS;
    for (const name of NAMES) assert.match(BUILT_IN_COMMANDS[name].defaults.systemPrompt, /^You are /, name);
    assert.match(explain.defaults.systemPrompt, /Do not narrate the code line by line/);
    assert.match(explain.defaults.systemPrompt, /not obvious/);
    assert.match(refactor.defaults.systemPrompt, /Keep the behaviour exactly the same/);
    assert.match(findBugs.defaults.systemPrompt, /Rank the bugs from most to least severe/);
    assert.match(findBugs.defaults.systemPrompt, /line number/);
    assert.match(findBugs.defaults.systemPrompt, /If you find no real bugs, say so/);
    assert.match(findBugs.defaults.systemPrompt, /Do not invent problems/);
    assert.match(fix.defaults.systemPrompt, /Fix the cause of each listed problem/);
    assert.match(writeTests.defaults.systemPrompt, /test framework.* the project evidently uses/);
    assert.match(addDocumentation.defaults.systemPrompt, /doc-comment convention/);
    assert.match(addDocumentation.defaults.systemPrompt, /Change no code/);
    assert.match(optimize.defaults.systemPrompt, /Keep the behaviour identical/);
    assert.match(optimize.defaults.systemPrompt, /say what the change gains/);
    assert.match(ask.defaults.systemPrompt, /Answer the question directly/);
  });

  it('templates use only known placeholders, place the code, and only Ask asks a question', () => {
    for (const name of NAMES) {
      const { template } = BUILT_IN_COMMANDS[name].defaults;
      assert.deepEqual(unknownPlaceholders(template), [], name);
      assert.ok(templateUses(template, 'code'), name);
      // A template with ${question} makes the command ask one first (resolvedCommand.ts).
      assert.equal(templateUses(template, 'question'), name === 'ask', name);
      assert.equal(templateUses(template, 'diagnostics'), BUILT_IN_COMMANDS[name].usesDiagnostics, name);
    }
  });

  it('render to a prompt with the fenced code once, its location and its problems', () => {
    const snippet: CodeSnippet = {
      path: 'src/sum.ts',
      language: 'typescript',
      startLine: 3,
      endLine: 5,
      text: 'function sum(a: number[]) {\n  return a.reduce((x, y) => x + y);\n}',
      origin: 'selection',
      diagnostics: [{ line: 4, endLine: 4, severity: 'error', message: 'Boom.', source: 'ts', code: '1' }],
    };
    for (const name of NAMES) {
      const prompt = buildCommandPrompt(BUILT_IN_COMMANDS[name].defaults.template, [snippet], 'Why reduce?');
      assert.equal(prompt.split('```typescript\n').length, 2, name);
      assert.ok(prompt.includes('`src/sum.ts` lines 3–5'), name);
      assert.ok(!prompt.includes('${'), `${name}: ${prompt}`);
      assert.equal(prompt.includes('- line 4 (error, ts 1): Boom.'), BUILT_IN_COMMANDS[name].usesDiagnostics, name);
    }
    assert.ok(buildCommandPrompt(BUILT_IN_COMMANDS.ask.defaults.template, [snippet], 'Why reduce?').endsWith('\n\nWhy reduce?'));
  });
});
