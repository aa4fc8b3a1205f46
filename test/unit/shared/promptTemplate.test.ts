import assert from 'node:assert/strict';
import type { CodeSnippet, DiagnosticSummary } from '../../../src/shared/codeContext';
import {
  MAX_LISTED_DIAGNOSTICS,
  MAX_RENDERED_CHARS,
  NO_DIAGNOSTICS,
  PLACEHOLDERS,
  buildCommandPrompt,
  fenceCode,
  formatDiagnostics,
  formatLocation,
  placeholderValues,
  renderTemplate,
  templateUses,
  unknownPlaceholders,
  type PlaceholderValues,
} from '../../../src/shared/promptTemplate';

function snippet(overrides: Partial<CodeSnippet> = {}): CodeSnippet {
  return { path: 'src/foo.ts', language: 'typescript', startLine: 12, endLine: 30, text: 'const a = 1;', origin: 'selection', diagnostics: [], ...overrides };
}

function values(overrides: Partial<PlaceholderValues> = {}): PlaceholderValues {
  const all = Object.fromEntries(PLACEHOLDERS.map((name) => [name, `<${name}>`])) as PlaceholderValues;
  return { ...all, ...overrides };
}

const typeError: DiagnosticSummary = { line: 12, endLine: 12, severity: 'error', message: "Type 'x' is not assignable to type 'number'.", source: 'ts', code: '2322' };

describe('renderTemplate', () => {
  it('replaces every known placeholder, as often as it appears', () => {
    assert.equal(renderTemplate('${language} ${path}:${startLine}-${endLine} ${language}', values()), '<language> <path>:<startLine>-<endLine> <language>');
    for (const name of PLACEHOLDERS) assert.equal(renderTemplate(`[\${${name}}]`, values()), `[<${name}>]`);
  });

  it('expands in one pass: a value containing ${…} is never expanded again', () => {
    const rendered = renderTemplate('Q: ${question} C: ${code}', values({ question: 'what is ${code}?', code: 'x = `${path}`' }));
    assert.equal(rendered, 'Q: what is ${code}? C: x = `${path}`');
  });

  it('leaves unknown names, inherited names and malformed placeholders as written', () => {
    assert.equal(renderTemplate('${HOME} ${constructor} ${toString} ${ code } ${} $code ${code', values()), '${HOME} ${constructor} ${toString} ${ code } ${} $code ${code');
  });

  it('writes $${name} literally, without the escape', () => {
    assert.equal(renderTemplate('keep $${code}, expand ${code}', values()), 'keep ${code}, expand <code>');
  });

  it('stops expanding once the prompt is past the size cap instead of building gigabytes', () => {
    const big = 'x'.repeat(1_000_000);
    const rendered = renderTemplate('${code}'.repeat(10_000), values({ code: big }));
    assert.ok(rendered.length < MAX_RENDERED_CHARS + big.length + 10 * 10_000, `rendered ${rendered.length} chars`);
    assert.ok(rendered.startsWith(big + big));
    assert.ok(rendered.endsWith('${code}'));
  });
});

describe('templateUses / unknownPlaceholders', () => {
  it('sees expanded placeholders only', () => {
    assert.equal(templateUses('a ${code} b', 'code'), true);
    assert.equal(templateUses('a $${code} b', 'code'), false);
    assert.equal(templateUses('a ${selection}', 'code'), false);
    assert.deepEqual(unknownPlaceholders('${code} ${selectedText} ${file} $${escaped} ${selectedText}'), ['selectedText', 'file']);
  });
});

describe('fenceCode', () => {
  it('tags the fence with the language and ends it on its own line', () => {
    assert.equal(fenceCode('let a = 1;', 'typescript'), '```typescript\nlet a = 1;\n```');
    assert.equal(fenceCode('let a = 1;\n', 'typescript'), '```typescript\nlet a = 1;\n```');
    assert.equal(fenceCode('', 'plaintext'), '```plaintext\n```');
  });

  it('uses a fence longer than any backtick run inside, so Markdown in the code cannot close it', () => {
    const markdown = 'Example:\n```js\nx\n```\nand ````` five';
    const fenced = fenceCode(markdown, 'markdown');
    assert.ok(fenced.startsWith('``````markdown\n'), fenced);
    assert.ok(fenced.endsWith('\n``````'));
  });

  it('keeps spaces and backticks out of the info string', () => {
    assert.equal(fenceCode('x', 'c# `evil` lang').split('\n')[0], '```c#evillang');
  });
});

describe('formatLocation', () => {
  it('names the path and the line range with an en dash, or the single line', () => {
    assert.equal(formatLocation(snippet()), 'src/foo.ts:12–30');
    assert.equal(formatLocation(snippet({ startLine: 12, endLine: 12 })), 'src/foo.ts:12');
  });

  it('says "terminal selection" for the terminal and "untitled" for a file without a path', () => {
    assert.equal(formatLocation(snippet({ origin: 'terminal', path: '' })), 'terminal selection');
    assert.equal(formatLocation(snippet({ path: '' })), 'untitled:12–30');
  });
});

describe('formatDiagnostics', () => {
  it('writes one line per problem with its line, severity, source and code', () => {
    const warning: DiagnosticSummary = { line: 14, endLine: 16, severity: 'warning', message: 'Unused variable.\n  more detail', source: 'eslint' };
    const hint: DiagnosticSummary = { line: 20, endLine: 20, severity: 'hint', message: 'Could be const.' };
    assert.equal(
      formatDiagnostics([typeError, warning, hint]),
      "- line 12 (error, ts 2322): Type 'x' is not assignable to type 'number'.\n- lines 14–16 (warning, eslint): Unused variable. more detail\n- line 20 (hint): Could be const.",
    );
  });

  it('is empty for no problems and counts what it does not list', () => {
    assert.equal(formatDiagnostics([]), '');
    const many = Array.from({ length: MAX_LISTED_DIAGNOSTICS + 5 }, (_, i) => ({ ...typeError, line: i + 1, endLine: i + 1 }));
    const lines = formatDiagnostics(many).split('\n');
    assert.equal(lines.length, MAX_LISTED_DIAGNOSTICS + 1);
    assert.equal(lines.at(-1), '- … and 5 more');
  });

  it('keeps a huge message to one bounded line', () => {
    const line = formatDiagnostics([{ ...typeError, message: 'x\n'.repeat(100_000) }]);
    assert.ok(!line.includes('\n'));
    assert.ok(line.length < 1_100, `${line.length}`);
  });
});

describe('placeholderValues', () => {
  it('fills every placeholder for one snippet', () => {
    const one = snippet({ origin: 'symbol', symbol: 'function parse', diagnostics: [typeError] });
    const v = placeholderValues([one], 'Why?');
    assert.equal(v.code, '`src/foo.ts` lines 12–30 (function parse)\n\n```typescript\nconst a = 1;\n```');
    assert.equal(v.selection, 'const a = 1;');
    assert.equal(v.language, 'typescript');
    assert.equal(v.path, 'src/foo.ts');
    assert.equal(v.startLine, '12');
    assert.equal(v.endLine, '30');
    assert.equal(v.location, 'src/foo.ts:12–30');
    assert.equal(v.symbol, 'function parse');
    assert.equal(v.diagnostics, formatDiagnostics([typeError]));
    assert.equal(v.question, 'Why?');
  });

  it('says which part of the file the header stands for', () => {
    assert.match(placeholderValues([snippet({ origin: 'file', startLine: 1, endLine: 40 })], '').code, /^`src\/foo\.ts` lines 1–40 \(whole file\)\n/);
    assert.match(placeholderValues([snippet({ startLine: 7, endLine: 7 })], '').code, /^`src\/foo\.ts` line 7\n/);
    const terminal = placeholderValues([snippet({ origin: 'terminal', path: '', language: 'shellscript', text: '$ npm test' })], '');
    assert.equal(terminal.code, 'Terminal selection:\n\n```shellscript\n$ npm test\n```');
    assert.equal(terminal.path, '');
    assert.equal(terminal.location, 'terminal selection');
  });

  it('keeps a path with backticks readable as inline code', () => {
    assert.match(placeholderValues([snippet({ path: 'odd`name.ts' })], '').code, /^``odd`name\.ts`` lines/);
  });

  it('says "(none reported)" for diagnostics when there are none', () => {
    assert.equal(placeholderValues([snippet()], '').diagnostics, NO_DIAGNOSTICS);
  });

  it('for several snippets: each with its header, "N files", problems per file', () => {
    const a = snippet({ path: 'a.ts', diagnostics: [typeError] });
    const b = snippet({ path: 'b.py', language: 'python', startLine: 1, endLine: 3, text: 'x = 1' });
    const c = snippet({ path: 'c.ts', startLine: 5, endLine: 6 });
    const v = placeholderValues([a, b, c], '');
    assert.equal(v.location, '3 files');
    assert.equal(v.code.split('```').length - 1, 6);
    assert.ok(v.code.indexOf('`a.ts` lines 12–30') < v.code.indexOf('`b.py` lines 1–3'));
    assert.ok(v.code.indexOf('`b.py` lines 1–3') < v.code.indexOf('`c.ts` lines 5–6'));
    assert.equal(v.language, 'typescript, python');
    assert.equal(v.path, 'a.ts, b.py, c.ts');
    assert.equal(v.diagnostics, `\`a.ts\`:\n${formatDiagnostics([typeError])}`);
    assert.equal(v.startLine, '');
    assert.equal(placeholderValues([a, snippet({ path: 'a.ts', startLine: 40, endLine: 41 })], '').location, '2 snippets');
  });
});

describe('buildCommandPrompt', () => {
  it('renders the template with the code, path, lines and question', () => {
    const prompt = buildCommandPrompt('${code}\n\nExplain this ${language} code from ${location}. ${question}', [snippet()], 'Why 1?');
    assert.equal(prompt, '`src/foo.ts` lines 12–30\n\n```typescript\nconst a = 1;\n```\n\nExplain this typescript code from src/foo.ts:12–30. Why 1?');
  });

  it('appends the code when the template uses neither ${code} nor ${selection}', () => {
    const prompt = buildCommandPrompt('Review ${path} please.', [snippet()]);
    assert.equal(prompt, 'Review src/foo.ts please.\n\n`src/foo.ts` lines 12–30\n\n```typescript\nconst a = 1;\n```');
    assert.equal(buildCommandPrompt('', [snippet()]), placeholderValues([snippet()], '').code);
    assert.equal(buildCommandPrompt('Keep $${code} literal', [snippet()]).split('```typescript').length, 2);
  });

  it('does not append the code when the template places ${selection} itself', () => {
    assert.equal(buildCommandPrompt('Fix:\n${selection}', [snippet()]), 'Fix:\nconst a = 1;');
  });

  it('drops trailing blank lines, such as those of an Ask template without a question', () => {
    assert.equal(buildCommandPrompt('${code}\n\n${question}', [snippet()]), placeholderValues([snippet()], '').code);
  });
});
