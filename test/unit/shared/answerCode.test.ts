import assert from 'node:assert/strict';
import { replacementCode } from '../../../src/shared/answerCode';

describe('replacementCode', () => {
  it('takes the only fence, whatever its tag, without the trailing newline fences carry', () => {
    const answer = '```ts\nconst a = 1;\nconst b = 2;\n```\n\nRenamed the variables.';
    assert.equal(replacementCode(answer, 'typescript'), 'const a = 1;\nconst b = 2;');
    assert.equal(replacementCode('Here:\n\n~~~\nx = 1\n~~~', 'python'), 'x = 1');
    assert.equal(replacementCode('```rust\nfn main() {}\n```', 'typescript'), 'fn main() {}');
  });

  it('keeps indentation, blank lines and a deliberate final empty line', () => {
    assert.equal(replacementCode('```python\n    def f():\n\n        return 1\n\n```', 'python'), '    def f():\n\n        return 1\n');
  });

  it('with several fences, takes the longest whose tag matches the language, or an untagged one', () => {
    const answer = [
      'Run this first:',
      '```bash',
      'npm install some-very-long-package-name another-long-package-name',
      '```',
      'Then the code:',
      '```typescript',
      'short();',
      '```',
      '```ts',
      'const longer = compute();',
      'use(longer);',
      '```',
    ].join('\n');
    assert.equal(replacementCode(answer, 'typescript'), 'const longer = compute();\nuse(longer);');
    assert.equal(replacementCode(answer, 'shellscript'), 'npm install some-very-long-package-name another-long-package-name');
    assert.equal(replacementCode('```py\na\n```\n```\nuntagged\n```', 'typescript'), 'untagged');
    assert.equal(replacementCode('```tsx\n<A />\n```\n```css\n.a {}\n```', 'typescriptreact'), '<A />');
    assert.equal(replacementCode('```PYTHON\nx\n```\n```js\ny\n```', 'python'), 'x');
  });

  it('is undefined when there is no fence, or none of several matches', () => {
    assert.equal(replacementCode('No code here, just `inline` code.', 'typescript'), undefined);
    assert.equal(replacementCode('    indented code is not a fence', 'typescript'), undefined);
    assert.equal(replacementCode('```py\na\n```\n```rb\nb\n```', 'typescript'), undefined);
    assert.equal(replacementCode('', 'typescript'), undefined);
  });

  it('never takes a fence that was not closed (an answer cut off mid-code)', () => {
    assert.equal(replacementCode('```ts\nconst a = 1;\nconst b =', 'typescript'), undefined);
    assert.equal(replacementCode('```ts\nwhole();\n```\n\n```ts\npartial(', 'typescript'), 'whole();');
  });

  it('reads fences as Markdown does: longer fences hold shorter ones, quotes and lists hold fences', () => {
    assert.equal(replacementCode('````markdown\n```js\nx\n```\n````', 'markdown'), '```js\nx\n```');
    assert.equal(replacementCode('> ```ts\n> quoted();\n> ```', 'typescript'), 'quoted();');
    assert.equal(replacementCode('1. Step:\n\n   ```ts\n   inList();\n   ```', 'typescript'), 'inList();');
  });

  it('reads Windows line endings as newlines and raw HTML as text', () => {
    assert.equal(replacementCode('```ts\r\na();\r\nb();\r\n```\r\n', 'typescript'), 'a();\nb();');
    assert.equal(replacementCode('<pre>```ts\nnot();\n```</pre>', 'typescript'), undefined);
  });
});
