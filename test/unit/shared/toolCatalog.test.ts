import assert from 'node:assert/strict';
import {
  TOOL_DEFINITIONS,
  TOOL_LIMITS,
  TOOL_NAMES,
  isToolName,
  toolTitle,
  validateToolInput,
  type ToolInputValidation,
} from '../../../src/shared/toolCatalog';

function refusal<T>(result: ToolInputValidation<T>): string {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as { error: string }).error;
}

function accepted<T>(result: ToolInputValidation<T>): T {
  assert.equal(result.ok, true, `expected acceptance, got ${JSON.stringify(result)}`);
  return (result as { input: T }).input;
}

describe('tool catalog: definitions', () => {
  it('defines the six read-only tools in a fixed order, named as the API allows', () => {
    assert.deepEqual(
      TOOL_DEFINITIONS.map((tool) => tool.name),
      ['read_file', 'list_files', 'search_text', 'get_diagnostics', 'get_symbols', 'get_editor_state'],
    );
    assert.deepEqual([...TOOL_NAMES], TOOL_DEFINITIONS.map((tool) => tool.name));
    for (const tool of TOOL_DEFINITIONS) assert.match(tool.name, /^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('keeps the same bytes from one read to the next, so the prompt cache stays valid', () => {
    const first = JSON.stringify(TOOL_DEFINITIONS);
    assert.ok(Object.isFrozen(TOOL_DEFINITIONS));
    assert.equal(JSON.stringify(TOOL_DEFINITIONS), first);
    assert.deepEqual(
      TOOL_DEFINITIONS.map((tool) => Object.keys(tool.input_schema.properties)),
      [['path', 'start_line', 'end_line'], ['glob', 'max_results'], ['query', 'is_regex', 'glob', 'max_results'], ['path'], ['path', 'query'], []],
    );
  });

  it('closes every schema and lists required fields that exist in it', () => {
    const required = Object.fromEntries(TOOL_DEFINITIONS.map((tool) => [tool.name, tool.input_schema.required ?? []]));
    assert.deepEqual(required, { read_file: ['path'], list_files: [], search_text: ['query'], get_diagnostics: [], get_symbols: [], get_editor_state: [] });
    for (const tool of TOOL_DEFINITIONS) {
      assert.equal(tool.input_schema.type, 'object');
      assert.equal(tool.input_schema.additionalProperties, false, tool.name);
      for (const field of tool.input_schema.required ?? []) assert.ok(field in tool.input_schema.properties, `${tool.name}.${field}`);
      for (const [field, schema] of Object.entries(tool.input_schema.properties)) {
        assert.ok(typeof (schema as { description?: unknown }).description === 'string', `${tool.name}.${field} has a description`);
      }
    }
  });

  it('describes each tool for Claude: workspace-relative paths, limits, when to use it', () => {
    const describe = (name: string) => TOOL_DEFINITIONS.find((tool) => tool.name === name)?.description ?? '';
    for (const name of ['read_file', 'get_diagnostics', 'get_symbols']) assert.match(describe(name), /relative to the workspace/);
    assert.match(describe('read_file'), /400 lines or 64 KB/);
    assert.match(describe('list_files'), /default 50, at most 200/);
    assert.match(describe('search_text'), /default 50, at most 200/);
    assert.match(describe('search_text'), /regular expression in RE2 syntax when is_regex is true: like JavaScript's, but without lookahead, lookbehind or backreferences/);
    assert.match(describe('search_text'), /sensitive files \(\.env, keys…\) are not searched/);
    assert.match(describe('read_file'), /sensitive file \(\.env, keys, credentials\) is read only after the user approves/);
    for (const tool of TOOL_DEFINITIONS) assert.match(tool.description, /Use it /, tool.name);
    const maxResults = TOOL_DEFINITIONS[1].input_schema.properties.max_results as Record<string, unknown>;
    assert.deepEqual([maxResults.type, maxResults.minimum, maxResults.maximum, maxResults.default], ['integer', 1, 200, 50]);
  });

  it('tells tool names from other strings', () => {
    assert.equal(isToolName('read_file'), true);
    assert.equal(isToolName('get_editor_state'), true);
    assert.equal(isToolName('write_file'), false);
    assert.equal(isToolName('toString'), false);
    assert.equal(isToolName(undefined), false);
  });
});

describe('tool catalog: input validation', () => {
  it('accepts a read with or without a range', () => {
    assert.deepEqual(accepted(validateToolInput('read_file', { path: 'src/a.ts' })), { path: 'src/a.ts' });
    assert.deepEqual(accepted(validateToolInput('read_file', { path: 'src/a.ts', start_line: 3, end_line: 3 })), {
      path: 'src/a.ts',
      start_line: 3,
      end_line: 3,
    });
  });

  it('refuses line numbers below 1, fractions, strings and a start after the end', () => {
    assert.equal(refusal(validateToolInput('read_file', { path: 'a', start_line: 0 })), 'read_file: "start_line" must be a whole number of at least 1 (got 0).');
    assert.match(refusal(validateToolInput('read_file', { path: 'a', end_line: 2.5 })), /"end_line" must be a whole number/);
    assert.match(refusal(validateToolInput('read_file', { path: 'a', start_line: '4' })), /got "4"/);
    assert.equal(
      refusal(validateToolInput('read_file', { path: 'a', start_line: 9, end_line: 8 })),
      'read_file: "start_line" (9) must not be after "end_line" (8).',
    );
  });

  it('refuses a missing, empty or non-string path', () => {
    assert.equal(refusal(validateToolInput('read_file', {})), 'read_file: "path" is required.');
    assert.match(refusal(validateToolInput('read_file', { path: '  ' })), /"path" must be a non-empty workspace-relative path/);
    assert.match(refusal(validateToolInput('get_diagnostics', { path: 7 })), /"path" must be a non-empty/);
    assert.match(refusal(validateToolInput('read_file', { path: 'a\0b' })), /NUL/);
    assert.match(refusal(validateToolInput('read_file', { path: 'a'.repeat(TOOL_LIMITS.maxPathLength + 1) })), /at most 1024 characters/);
  });

  it('refuses unknown properties and names the allowed ones', () => {
    assert.equal(
      refusal(validateToolInput('read_file', { path: 'a', lines: '1-3' })),
      'read_file: unknown property "lines"; the properties are path, start_line, end_line.',
    );
    assert.equal(refusal(validateToolInput('get_editor_state', { verbose: true })), 'get_editor_state: unknown property "verbose"; this tool takes no input.');
  });

  it('refuses an input that is not an object, and an unknown tool', () => {
    assert.match(refusal(validateToolInput('list_files', null)), /^list_files: the input must be a JSON object \(got null\)\.$/);
    assert.match(refusal(validateToolInput('list_files', ['**/*'])), /must be a JSON object/);
    assert.match(refusal(validateToolInput('write_file', {})), /^There is no tool named "write_file"; the tools are read_file, list_files/);
  });

  it('fills in max_results and keeps it within 1–200', () => {
    assert.deepEqual(accepted(validateToolInput('list_files', {})), { max_results: 50 });
    assert.deepEqual(accepted(validateToolInput('list_files', { glob: '**/*.md', max_results: 200 })), { glob: '**/*.md', max_results: 200 });
    assert.equal(accepted(validateToolInput('search_text', { query: 'x', max_results: 1 })).max_results, 1);
    assert.equal(refusal(validateToolInput('list_files', { max_results: 201 })), 'list_files: "max_results" must be a whole number from 1 to 200 (got 201).');
    assert.match(refusal(validateToolInput('search_text', { query: 'x', max_results: 0 })), /from 1 to 200 \(got 0\)/);
    assert.match(refusal(validateToolInput('list_files', { glob: '' })), /"glob" must be a non-empty string/);
  });

  it('refuses an empty or overlong query; counts characters, not UTF-16 units', () => {
    assert.match(refusal(validateToolInput('search_text', { query: '' })), /^search_text: "query" must be a non-empty string/);
    assert.match(refusal(validateToolInput('search_text', { query: '   ' })), /non-empty/);
    assert.equal(accepted(validateToolInput('search_text', { query: 'a'.repeat(500) })).query.length, 500);
    assert.equal(
      refusal(validateToolInput('search_text', { query: 'a'.repeat(501) })),
      'search_text: "query" must be at most 500 characters long (got 501).',
    );
    // 500 emoji are 1,000 UTF-16 units but 500 characters.
    assert.equal(accepted(validateToolInput('search_text', { query: '😀'.repeat(500) })).query.length, 1000);
  });

  it('compiles the query only when it is a regular expression, as RE2 (the engine the host searches with)', () => {
    assert.equal(
      refusal(validateToolInput('search_text', { query: 'foo(', is_regex: true })),
      'search_text: "query" is not a valid RE2 regular expression (error parsing regexp: missing closing ): `foo(`); RE2 has no lookahead, lookbehind or backreferences.',
    );
    // Valid JavaScript, but backtracking-only features: refused with the reason, so Claude rewrites the pattern.
    assert.match(refusal(validateToolInput('search_text', { query: 'foo(?=bar)', is_regex: true })), /invalid or unsupported Perl syntax: `\(\?=`/);
    assert.match(refusal(validateToolInput('search_text', { query: '(?<!x)y', is_regex: true })), /not a valid RE2 regular expression/);
    assert.match(refusal(validateToolInput('search_text', { query: '(a)\\1', is_regex: true })), /invalid escape sequence: `\\1`/);
    assert.equal(accepted(validateToolInput('search_text', { query: '(?i)^\\s*export (class|function) \\w+', is_regex: true })).is_regex, true);
    assert.deepEqual(accepted(validateToolInput('search_text', { query: 'foo(', is_regex: false })), { query: 'foo(', is_regex: false, max_results: 50 });
    assert.equal(accepted(validateToolInput('search_text', { query: 'fo+\\(', is_regex: true })).is_regex, true);
    assert.match(refusal(validateToolInput('search_text', { query: 'a', is_regex: 'yes' })), /"is_regex" must be true or false/);
  });

  it('asks get_symbols for exactly one of path or query', () => {
    assert.deepEqual(accepted(validateToolInput('get_symbols', { path: 'src/a.ts' })), { path: 'src/a.ts' });
    assert.deepEqual(accepted(validateToolInput('get_symbols', { query: 'Foo' })), { query: 'Foo' });
    const both = refusal(validateToolInput('get_symbols', { path: 'a', query: 'Foo' }));
    assert.match(both, /exactly one of "path" .* or "query"/);
    assert.equal(refusal(validateToolInput('get_symbols', {})), both);
  });

  it('accepts diagnostics with or without a path, and the editor state with no input', () => {
    assert.deepEqual(accepted(validateToolInput('get_diagnostics', {})), {});
    assert.deepEqual(accepted(validateToolInput('get_diagnostics', { path: 'src/a.ts' })), { path: 'src/a.ts' });
    assert.deepEqual(accepted(validateToolInput('get_editor_state', {})), {});
  });
});

describe('tool catalog: row titles', () => {
  it('titles each tool compactly', () => {
    assert.equal(toolTitle('read_file', { path: 'src/foo.ts', start_line: 1, end_line: 80 }), 'Read `src/foo.ts` 1–80');
    assert.equal(toolTitle('read_file', { path: 'src/foo.ts' }), 'Read `src/foo.ts`');
    assert.equal(toolTitle('read_file', { path: 'src/foo.ts', end_line: 20 }), 'Read `src/foo.ts` 1–20');
    assert.equal(toolTitle('read_file', { path: 'src/foo.ts', start_line: 12 }), 'Read `src/foo.ts` from 12');
    assert.equal(toolTitle('search_text', { query: 'foo', glob: '**/*.ts' }), 'Search “foo” in **/*.ts');
    assert.equal(toolTitle('search_text', { query: 'fo+', is_regex: true }), 'Search /fo+/');
    assert.equal(toolTitle('list_files', { glob: '**/*.md' }), 'List files **/*.md');
    assert.equal(toolTitle('list_files', {}), 'List files');
    assert.equal(toolTitle('get_diagnostics', { path: 'src/a.ts' }), 'Diagnostics of src/a.ts');
    assert.equal(toolTitle('get_diagnostics', {}), 'Diagnostics of the workspace');
    assert.equal(toolTitle('get_symbols', { query: 'Foo' }), 'Symbols matching “Foo”');
    assert.equal(toolTitle('get_symbols', { path: 'src/a.ts' }), 'Symbols of src/a.ts');
    assert.equal(toolTitle('get_editor_state', {}), 'Editor state');
  });

  it('copes with partial, wrong or unknown input, and keeps long text on one short line', () => {
    assert.equal(toolTitle('read_file', undefined), 'Read a file');
    assert.equal(toolTitle('read_file', { path: 3, start_line: 'x' }), 'Read a file');
    assert.equal(toolTitle('search_text', null), 'Search text');
    assert.equal(toolTitle('mystery_tool', {}), 'mystery_tool');
    const title = toolTitle('search_text', { query: `line one\nline two ${'x'.repeat(100)}` });
    assert.ok(!title.includes('\n'));
    assert.equal(title, `Search “line one line two ${'x'.repeat(29)}…”`);
  });
});
