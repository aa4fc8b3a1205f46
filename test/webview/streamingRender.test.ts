import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { generateMarkdown, splitDeltas } from '../../bench/webview/corpus';
import { HOSTILE_PAYLOADS } from '../fixtures/hostilePayloads';
import type { StreamCheck, StreamingRenderApi } from './pages/streamingRender.page';
import { openTestPage } from './runtime';

/** Markdown constructs whose rendering changes shape as they stream in. */
const TRICKY = [
  '# Title\n\nA paragraph with `code`, **bold**, *em*, ~~gone~~ and a [link](https://example.com/a?b=1&c=2 "title").',
  'Entities & escapes: <div> "quotes" \'single\' &amp; &copy; \\*not em\\* a < b > c.',
  '```typescript\nconst answer: Map<string, number> = new Map();\nif (a && b) { console.log("<tag>"); }\n```',
  '~~~\nplain fence with tildes\n```\nnot a close\n~~~',
  '````md\n```js\ninner fence\n```\n````',
  '```\ncode with trailing spaces   \n  \n\t\n    indented\nend\n```',
  '```py\nx = 1 # ``` mid-line is code\n    ```\nfour spaces do not close\n   ```\n\nafter a close indented three',
  '- one\n- two with `code`\n  - nested **deep**\n    - deeper [x](https://example.com)\n- three\n\n1. first\n2. second\n\n   with a second paragraph\n3. third',
  '| name | value | note |\n| :--- | ---: | :---: |\n| `a` | 1 | x |\n| b | 22 | **y** |\n| c | 333 | [z](https://example.com) |',
  '> a quote\n> over lines with `code`\n>\n> > nested quote',
  'Setext heading\n==============\n\nAnother\n-------\n\n---\n\nAfter a rule, www.example.com and https://example.org/path get linked.',
  'Hard  \nbreak and soft\nbreak; an image ![alt text](https://example.com/x.png) stays a placeholder.',
  '    indented code block\n    second line\n\nText after.',
  '- [ ] a task\n- [x] done\n\nTrailing **unclosed bold and `unclosed code',
].join('\n\n');

describe('streaming Markdown in a real browser: every frame equals a fresh render', function () {
  this.timeout(180_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('streamingRender.page.ts'));
  });

  after(async () => {
    await browser?.close();
  });

  const check = (deltas: string[], whole = true) =>
    page.evaluate(([list, all]) => (window as unknown as { streamingRender: StreamingRenderApi }).streamingRender.check(list, all), [deltas, whole] as const);

  function assertFaithful(result: StreamCheck, label: string): void {
    assert.equal(result.mismatchCount, 0, `${label}: ${result.mismatchCount} of ${result.frames} frames differ from a fresh render; first: ${JSON.stringify(result.mismatches[0], null, 2)}`);
    assert.ok(result.finalSame, `${label}: the final render differs from a fresh final render`);
  }

  it('model-like answers (headings, lists, tables, code) in deltas of varying size, edited rather than rebuilt', async () => {
    for (const seed of [1, 2, 3]) {
      const text = generateMarkdown(seed, 20_000);
      const result = await check(splitDeltas(text, 500, seed));
      assertFaithful(result, `seed ${seed}`);
      assert.equal(result.frames, 500);
      // The point of the patching: almost every frame edits the tail. A rebuild per frame would still be correct,
      // and five times slower (npm run bench).
      assert.ok(result.rebuilds < result.frames * 0.05, `seed ${seed}: ${result.rebuilds} of ${result.frames} frames rebuilt the tail`);
    }
  });

  it('constructs that change shape mid-stream, one character at a time and in bursts', async () => {
    assertFaithful(await check(Array.from(TRICKY)), 'per character');
    assertFaithful(await check(splitDeltas(TRICKY, 60, 7)), 'bursts');
  });

  it('hostile payloads stream as the same sanitized DOM as a fresh render, frame by frame', async () => {
    const deepList = Array.from({ length: 60 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n');
    const text = [...HOSTILE_PAYLOADS.map(({ name, markdown }) => `### ${name}\n\n${markdown}`), deepList, 'After the deep list.'].join('\n\n');
    // The corpus defines link references after using them: frame by frame the tail is compared, and at the end all.
    assertFaithful(await check(splitDeltas(text, 1500, 11), false), 'hostile');
  });

  it('link reference definitions reach links in other blocks while the answer streams', async () => {
    // Defined first, used in later blocks: every frame equals a fresh render of everything so far.
    const definedFirst = '[docs]: https://example.com/docs "The docs"\n[API]: <https://example.com/api>\n\n# Heading\n\nSee [the docs][docs] and [api].\n\n- a list with [docs][] too\n\nAnd [the API][api] again.';
    assertFaithful(await check(Array.from(definedFirst)), 'defined first, per character');
    assertFaithful(await check(splitDeltas(definedFirst, 12, 5)), 'defined first, bursts');
    // Used first, defined later: once the definition is a finished block, the earlier paragraphs link too.
    const usedFirst = 'See [the docs][docs], first.\n\n- and [docs] in a list\n\n[docs]: https://example.com/docs\n\nA paragraph after the definition.';
    const links = await page.evaluate((deltas) => (window as unknown as { streamingRender: StreamingRenderApi }).streamingRender.linksWhileStreaming(deltas), splitDeltas(usedFirst, 20, 3));
    assert.deepEqual(links, ['the docs -> https://example.com/docs', 'docs -> https://example.com/docs']);
    assertFaithful(await check(Array.from(usedFirst), false), 'used first, per character');
  });

  it('builds bare markup without the sanitizer exactly as DOMPurify would, and refuses anything with attributes', async () => {
    const same = [
      '<p>a <strong>b</strong> <em>c</em> <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> &amp; &quot;d&quot;</p>\n',
      '<ul>\n<li>one</li>\n<li><p>two</p>\n<ul>\n<li><s>three</s><br>\nfour</li>\n</ul>\n</li>\n</ul>\n',
      '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><code>b</code></td>\n</tr>\n</tbody>\n</table>\n<hr>\n',
      '<blockquote>\n<h2>x</h2>\n</blockquote>\n',
      'text only, &lt;img src=x onerror=alert(1)&gt;',
    ];
    const refused = [
      '<a href="https://example.com">link</a>', // an attribute: DOMPurify checks it
      '<ol start="3">\n<li>x</li>\n</ol>',
      '<pre><code>\nleading newline</code></pre>', // the parser drops it; the builder would not
      '<p onclick="alert(1)">x</p>',
      '<script>alert(1)</script>',
      '<img src=x>',
      '<iframe></iframe>',
      '<svg><p>x</p></svg>',
      '<p>unclosed',
      '<p>mis</em>matched</p>',
      '<P>upper case</P>',
      '<p>&copy; an entity the escapers never write</p>',
    ];
    const results = await page.evaluate((htmls) => (window as unknown as { streamingRender: StreamingRenderApi }).streamingRender.plainBuilds(htmls), [...same, ...refused]);
    for (const { html, built, sanitized } of results.slice(0, same.length)) assert.equal(built, sanitized, `built differently from DOMPurify: ${html}`);
    for (const { html, built } of results.slice(same.length)) assert.equal(built, 'refused', `built without the sanitizer: ${html}`);
  });

  it('keeps the Text node of a growing paragraph (no flicker, a selection survives)', async () => {
    const result = await page.evaluate(() => (window as unknown as { streamingRender: StreamingRenderApi }).streamingRender.keepsTextNode('Hello', ' world, and more'));
    assert.deepEqual(result, { same: true, text: 'Hello world, and more' });
  });
});
