import assert from 'node:assert/strict';
import { createMarkdown } from '../../../../src/webview-ui/markdown/markdownIt';
import { decodeText, isBalanced, openTagsBefore, planTailEdit, splitHtml, tagInfo } from '../../../../src/webview-ui/markdown/htmlParts';

/** The planning half of the streaming tail's DOM edits (the DOM half is tested in the browser: streamingRender.test.ts). */
describe('htmlParts: planning edits of a streaming tail', () => {
  const md = createMarkdown();
  const parts = (markdown: string) => splitHtml(md.render(markdown));

  it('splits markdown-it HTML into alternating text and tags, exactly', () => {
    const html = md.render('A `<b>` & "q" [l](https://e.com/?a=1&b=2)');
    const split = splitHtml(html);
    assert.equal(split.length % 2, 1);
    split.forEach((part, i) => assert.equal(part.startsWith('<'), i % 2 === 1, `part ${i}: ${part}`));
    assert.equal(split.join(''), html);
  });

  it('decodes the escapers’ entities and refuses any other', () => {
    assert.equal(decodeText('a &lt;b&gt; &amp; &quot;c&quot; &#x27;d&#39;'), 'a <b> & "c" \'d\'');
    assert.equal(decodeText('plain'), 'plain');
    assert.equal(decodeText('&copy;'), undefined);
    assert.equal(decodeText('&#60;'), undefined);
  });

  it('reads tags', () => {
    assert.deepEqual(tagInfo('<a href="x">'), { name: 'a', closing: false, void: false });
    assert.deepEqual(tagInfo('</TD>'), { name: 'td', closing: true, void: false });
    assert.deepEqual(tagInfo('<hr>'), { name: 'hr', closing: false, void: true });
    assert.ok(isBalanced(['', '<p>', 'x', '</p>', ''], 0, 5));
    assert.ok(!isBalanced(['', '</li>', '\n', '<li>', 'x'], 0, 5));
  });

  it('a paragraph that grows by words is text edits only', () => {
    assert.deepEqual(planTailEdit(parts('Hello'), parts('Hello world')), { kind: 'edit', texts: [{ from: 2, to: 2 }] });
    assert.deepEqual(planTailEdit(parts('Hello'), parts('Hello')), { kind: 'same' });
  });

  it('a paragraph that grows a code span edits its text and inserts the span', () => {
    const old = parts('see `x');
    const next = parts('see `x` and');
    const plan = planTailEdit(old, next);
    assert.equal(plan.kind, 'edit');
    assert.ok(plan.kind === 'edit' && plan.splice);
    const { splice } = plan;
    assert.deepEqual(next.slice(splice.newStart, splice.newEnd), ['<code>', 'x', '</code>', ' and']);
    assert.deepEqual(old.slice(splice.oldStart, splice.oldEnd), []);
    assert.deepEqual(plan.texts, [{ from: 2, to: 2 }]);
  });

  it('a list item that grows while a new item starts is widened to a balanced run', () => {
    const old = parts('- one\n- tw');
    const next = parts('- one\n- two `x`\n- thr');
    const plan = planTailEdit(old, next);
    assert.ok(plan.kind === 'edit' && plan.splice);
    const { splice } = plan;
    assert.ok(isBalanced(old, splice.oldStart, splice.oldEnd) && isBalanced(next, splice.newStart, splice.newEnd));
    assert.equal(old[splice.oldStart], '<li>', 'the run starts at the item that changed, not at the list');
    assert.ok(plan.texts.every(({ from }) => from < splice.oldStart || from >= splice.oldEnd), 'no text edit inside the replaced run');
  });

  it('a change of a code block’s language replaces the whole block (its toolbar names the language)', () => {
    const old = splitHtml(md.render('```ty', {}));
    const next = splitHtml(md.render('```typescript\nlet a', {}));
    const plan = planTailEdit(old, next);
    assert.ok(plan.kind === 'edit' && plan.splice);
    assert.equal(tagInfo(old[plan.splice.oldStart]).name, 'pre');
    assert.equal(tagInfo(next[plan.splice.newEnd - 1]).name, 'pre');
  });

  it('a paragraph that becomes a thematic break replaces the paragraph by the <hr> tag (not by text)', () => {
    const old = parts('--');
    const next = parts('---');
    const plan = planTailEdit(old, next);
    assert.ok(plan.kind === 'edit' && plan.splice);
    assert.deepEqual(next.slice(plan.splice.newStart, plan.splice.newEnd), ['<hr>']);
    assert.equal(plan.splice.newStart % 2, 1, 'the run starts at a tag index');
  });

  it('a finished code block is highlighted inside its <code>, keeping the block and its toolbar', () => {
    const old = splitHtml(md.render('```js\nlet a = 1;\n```', { streamingTail: true }));
    const next = splitHtml(md.render('```js\nlet a = 1;\n```', {}));
    const plan = planTailEdit(old, next);
    assert.ok(plan.kind === 'edit' && plan.splice);
    const parent = openTagsBefore(old, plan.splice.oldStart).at(-1)!;
    assert.equal(tagInfo(old[parent]).name, 'code', 'the run is inside <code>');
    assert.ok(next.slice(plan.splice.newStart, plan.splice.newEnd).some((part) => part.includes('hljs-keyword')));
  });

  it('code that grows is a text edit inside the fence', () => {
    // As the tail renders it while it streams: not highlighted yet.
    const old = splitHtml(md.render('```js\nlet a', { streamingTail: true }));
    const next = splitHtml(md.render('```js\nlet a = 1;\n', { streamingTail: true }));
    const plan = planTailEdit(old, next);
    assert.equal(plan.kind, 'edit');
    assert.ok(plan.kind === 'edit' && !plan.splice && plan.texts.length === 1);
  });
});
