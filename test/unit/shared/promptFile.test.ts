import assert from 'node:assert/strict';
import { MAX_PROMPT_FILE_BYTES, parsePromptFile, promptFileKind, type PromptFileCommand } from '../../../src/shared/promptFile';
import { renderTemplate, PLACEHOLDERS, type PlaceholderValues } from '../../../src/shared/promptTemplate';

function parsed(path: string, text: string): PromptFileCommand {
  const result = parsePromptFile(path, text);
  if ('error' in result) assert.fail(result.error);
  return result;
}

function errorOf(path: string, text: string): string {
  const result = parsePromptFile(path, text);
  assert.ok('error' in result, `expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

const values = Object.fromEntries(PLACEHOLDERS.map((name) => [name, `<${name}>`])) as PlaceholderValues;

describe('promptFileKind', () => {
  it('recognises Claude Code commands, in sub-folders too, and VS Code prompt files', () => {
    assert.equal(promptFileKind('.claude/commands/review.md'), 'claude');
    assert.equal(promptFileKind('.claude/commands/frontend/component.md'), 'claude');
    assert.equal(promptFileKind('.claude\\commands\\win.md'), 'claude');
    assert.equal(promptFileKind('./.claude/commands/review.md'), 'claude');
    assert.equal(promptFileKind('.github/prompts/explain.prompt.md'), 'github');
  });

  it('refuses everything else, including paths that climb out', () => {
    for (const path of [
      '.claude/commands/review.txt',
      '.claude/commands/.md',
      '.claude/review.md',
      'src/.claude/commands/review.md',
      '.claude/commands/../../secret.md',
      '.github/prompts/explain.md',
      '.github/prompts/sub/explain.prompt.md',
      '.github/prompts/.prompt.md',
      '',
    ]) {
      assert.equal(promptFileKind(path), undefined, path);
    }
  });
});

describe('parsePromptFile: Claude Code commands', () => {
  it('takes the name from the file, front matter fields, and $ARGUMENTS as the question', () => {
    const text = '---\ndescription: Review the code\nargument-hint: "[focus]"\nmodel: claude-opus-5-5\nallowed-tools: Bash(git diff:*)\n---\n\nReview this code, focusing on $ARGUMENTS.\n';
    assert.deepEqual(parsed('.claude/commands/review.md', text), {
      id: 'review',
      title: '/review',
      description: 'Review the code',
      model: 'claude-opus-5-5',
      template: 'Review this code, focusing on ${question}.',
      asksQuestion: true,
      questionHint: '[focus]',
      kind: 'claude',
      path: '.claude/commands/review.md',
      ignored: ['allowed-tools'],
    });
  });

  it('names sub-folder commands folder:name and reads files without front matter', () => {
    const command = parsed('.claude/commands/frontend/react/component.md', 'Explain this component.');
    assert.equal(command.id, 'frontend:react:component');
    assert.equal(command.title, '/frontend:react:component');
    assert.equal(command.template, 'Explain this component.');
    assert.equal(command.asksQuestion, false);
    assert.deepEqual(command.ignored, []);
  });

  it('maps $1…$9 to the question, but not $10 or $0', () => {
    const command = parsed('.claude/commands/fix.md', 'Fix issue #$1 with priority $2. Costs $10, $0.');
    assert.equal(command.template, 'Fix issue #${question} with priority ${question}. Costs $10, $0.');
    assert.equal(command.asksQuestion, true);
  });

  it("reads Claude Code's own unquoted hints (not YAML) and YAML lists", () => {
    assert.equal(parsed('.claude/commands/pr.md', '---\nargument-hint: [pr-number] [priority]\ndescription: Review PR\n---\nReview $1').questionHint, '[pr-number] [priority]');
    assert.equal(parsed('.claude/commands/pr.md', '---\nargument-hint: [message]\n---\nCommit: $ARGUMENTS').questionHint, '[message]');
  });

  it('with an argument hint but no $ARGUMENTS, appends the question as Claude Code does', () => {
    const command = parsed('.claude/commands/x.md', '---\nargument-hint: what to check\n---\nCheck the code.');
    assert.equal(command.template, 'Check the code.\n\n${question}');
    assert.equal(command.asksQuestion, true);
  });

  it("keeps the file's own ${…} text literal: it reaches Claude as written", () => {
    const command = parsed('.claude/commands/sh.md', 'Run `echo ${HOME}` and explain `${code}`: $ARGUMENTS');
    assert.equal(renderTemplate(command.template, values), 'Run `echo ${HOME}` and explain `${code}`: <question>');
  });
});

describe('parsePromptFile: VS Code prompt files', () => {
  it('maps description, selection, file and input variables; ignores mode and tools', () => {
    const text = [
      '---',
      "description: 'Explain the selection'",
      'mode: agent',
      "tools: ['codebase', 'fetch']",
      '---',
      'Explain ${selection} (also ${selectedText}) from ${file} / ${fileBasename} for ${input:audience:a beginner or an expert}.',
    ].join('\n');
    const command = parsed('.github/prompts/explain.prompt.md', text);
    assert.equal(command.id, 'explain');
    assert.equal(command.title, '/explain');
    assert.equal(command.kind, 'github');
    assert.equal(command.description, 'Explain the selection');
    assert.equal(command.template, 'Explain ${selection} (also ${selection}) from ${path} / ${path} for ${question}.');
    assert.equal(command.asksQuestion, true);
    assert.equal(command.questionHint, 'a beginner or an expert');
    assert.deepEqual(command.ignored, ['mode', 'tools']);
  });

  it('uses the input name as the hint when there is none, and the front matter name as the title', () => {
    const command = parsed('.github/prompts/component.prompt.md', '---\nname: new-component\nagent: ask\n---\nCreate ${input:componentName}.');
    assert.equal(command.questionHint, 'componentName');
    assert.equal(command.title, '/new-component');
    assert.equal(command.id, 'component');
    assert.deepEqual(command.ignored, ['agent']);
  });

  it('ignores a model that is not a Claude model id', () => {
    const copilot = parsed('.github/prompts/a.prompt.md', '---\nmodel: GPT-5 (copilot)\n---\nHi');
    assert.equal(copilot.model, undefined);
    assert.deepEqual(copilot.ignored, ['model']);
    assert.equal(parsed('.github/prompts/a.prompt.md', '---\nmodel: claude-sonnet-5-5\n---\nHi').model, 'claude-sonnet-5-5');
  });

  it('leaves VS Code variables it cannot fill as written, and other ${…} literal', () => {
    const command = parsed('.github/prompts/a.prompt.md', 'In ${workspaceFolder}: ${code} and ${fileDirname}.');
    assert.equal(renderTemplate(command.template, values), 'In ${workspaceFolder}: ${code} and ${fileDirname}.');
    assert.equal(command.asksQuestion, false);
  });
});

describe('parsePromptFile: hostile or broken files', () => {
  it('refuses files over 64 KB, counting bytes', () => {
    assert.match(errorOf('.claude/commands/big.md', 'x'.repeat(MAX_PROMPT_FILE_BYTES + 1)), /larger than 64 KB/);
    assert.match(errorOf('.claude/commands/big.md', 'é'.repeat(MAX_PROMPT_FILE_BYTES / 2 + 1)), /larger than 64 KB/);
    assert.equal(parsed('.claude/commands/ok.md', 'x'.repeat(MAX_PROMPT_FILE_BYTES)).template.length, MAX_PROMPT_FILE_BYTES);
  });

  it('reports broken front matter, a non-mapping front matter and an empty body', () => {
    assert.match(errorOf('.claude/commands/a.md', '---\ndescription: x\nNo closing line'), /never closed/);
    assert.match(errorOf('.claude/commands/a.md', '---\n- a\n- b\n---\nBody'), /"key: value"/);
    assert.match(errorOf('.claude/commands/a.md', '---\ndescription: [unclosed\nsome words\n---\nBody'), /not valid YAML/);
    assert.match(errorOf('.claude/commands/a.md', '---\ndescription: x\n---\n\n  \n'), /no prompt text/);
    assert.match(errorOf('notes/a.md', 'Body'), /is not in \.claude\/commands/);
  });

  it('reads a BOM, CRLF lines, an empty front matter and YAML types as text', () => {
    const command = parsed('.claude/commands/a.md', '\uFEFF---\r\ndescription: 42\r\nmodel: true\r\n---\r\nBody $ARGUMENTS\r\n');
    assert.equal(command.description, '42');
    assert.deepEqual(command.ignored, ['model']);
    assert.equal(command.template, 'Body ${question}');
    assert.equal(parsed('.claude/commands/a.md', '---\n---\nBody').template, 'Body');
  });

  it('never lets __proto__ in the front matter set a field or pollute Object.prototype', () => {
    const command = parsed('.claude/commands/a.md', '---\n__proto__:\n  model: claude-evil\n  description: injected\nconstructor: x\n---\nBody');
    assert.equal(command.model, undefined);
    assert.equal(command.description, undefined);
    assert.deepEqual(command.ignored, ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).model, undefined);
  });

  it('does not execute YAML tags and bounds long fields', () => {
    // The strings-only schema knows no tags: the line is read as the text it is.
    const tagged = parsed('.claude/commands/a.md', '---\ndescription: !!js/function "function () { return 1 }"\n---\nBody');
    assert.equal(tagged.description, '!!js/function "function () { return 1 }"');
    const long = parsed('.claude/commands/a.md', `---\ndescription: ${'d'.repeat(5_000)}\n---\nBody`);
    assert.ok((long.description ?? '').length <= 501);
  });
});
