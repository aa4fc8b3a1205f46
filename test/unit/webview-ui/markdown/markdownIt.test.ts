import assert from 'node:assert/strict';
import markdownIt from 'markdown-it';
import { createMarkdown } from '../../../../src/webview-ui/markdown/markdownIt';
import { HOSTILE_PAYLOADS } from '../../../fixtures/hostilePayloads';

/**
 * The first of the renderer's two gates, in plain Node: markdown-it as configured for model output (raw HTML off, only
 * http(s) links, images as placeholders) must turn every hostile payload into inert HTML on its own. DOMPurify
 * (the second gate) and the CSP (the third) are exercised in the browser by test/webview/security.test.ts.
 */

/** Everything markdown-it may legitimately emit for model output (highlight.js adds spans). */
const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span', 'a',
  'em', 'strong', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'class', 'start', 'style']);
const FOLLOWABLE = /^https?:/i;
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data|command|vscode|vscode-insiders|file):/i;

/** Problems in one piece of rendered HTML; empty when it is inert. */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  // markdown-it escapes every `<` of text and every `"` of attribute values, so each `<` left is a real tag.
  const tagPattern = /<(\/?)([A-Za-z][\w:-]*)([^>]*)>/g;
  for (const [whole, closing, rawName, rest] of html.matchAll(tagPattern)) {
    const tag = rawName.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`<${tag}> element: ${snippet(whole)}`);
    if (closing) continue;
    const attributePattern = /\s([^\s"'=<>/]+)(?:="([^"]*)")?/g;
    const attributeText = rest.replace(/\/$/, '');
    const consumed = attributeText.replace(attributePattern, '');
    if (consumed.trim() !== '') problems.push(`unparseable attributes on <${tag}>: ${snippet(whole)}`);
    for (const [, rawAttribute, rawValue = ''] of attributeText.matchAll(attributePattern)) {
      const attribute = rawAttribute.toLowerCase();
      const value = decodeEntities(rawValue);
      if (attribute.startsWith('on')) problems.push(`event handler ${attribute} on <${tag}>: ${snippet(whole)}`);
      else if (!ALLOWED_ATTRIBUTES.has(attribute)) problems.push(`attribute ${attribute} on <${tag}>: ${snippet(whole)}`);
      // markdown-it's table alignment is the only style it writes (DOMPurify drops it; the CSP would ignore it).
      if (attribute === 'style' && !(/^(th|td)$/.test(tag) && /^text-align:(left|right|center)$/.test(value))) problems.push(`style attribute on <${tag}>: ${snippet(whole)}`);
      if (attribute === 'href' || attribute === 'src') {
        // Browsers strip leading controls and whitespace, and ignore tabs and newlines inside a scheme.
        const normalised = urlAsBrowserSeesIt(value);
        if (DANGEROUS_SCHEME.test(normalised)) problems.push(`${attribute}="${snippet(value)}" on <${tag}>`);
        else if (!FOLLOWABLE.test(normalised)) problems.push(`${attribute} not http(s): "${snippet(value)}" on <${tag}>`);
      }
    }
  }
  for (const word of ['<script', '<img', '<iframe', '<svg', '<style', '<object', '<embed']) {
    if (html.toLowerCase().includes(word) && !problems.some((problem) => problem.startsWith(`${word}>`))) problems.push(`contains ${word}`);
  }
  return problems;
}

/** The URL parser drops leading C0 controls and spaces, and every tab and newline. */
function urlAsBrowserSeesIt(value: string): string {
  const kept = [...value].filter((char) => !'\t\n\r'.includes(char));
  while (kept.length > 0 && kept[0].codePointAt(0)! <= 0x20) kept.shift();
  return kept.join('');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function snippet(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The text as it stands after each 40-character chunk of a stream (the tail is rendered at every such point). */
function streamedPrefixes(text: string, chunkSize = 40): string[] {
  const prefixes: string[] = [];
  const step = text.length > 4000 ? 997 : chunkSize;
  for (let end = step; end < text.length; end += step) prefixes.push(text.slice(0, end));
  prefixes.push(text);
  return prefixes;
}

describe('hostile payload corpus', () => {
  it('has at least 110 distinct, well-named payloads', () => {
    assert.ok(HOSTILE_PAYLOADS.length >= 110, `only ${HOSTILE_PAYLOADS.length} payloads`);
    assert.equal(new Set(HOSTILE_PAYLOADS.map((p) => p.name)).size, HOSTILE_PAYLOADS.length, 'names are unique');
    assert.equal(new Set(HOSTILE_PAYLOADS.map((p) => p.markdown)).size, HOSTILE_PAYLOADS.length, 'payloads are distinct');
    for (const { name } of HOSTILE_PAYLOADS) assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, name);
  });

  it('points every remote URL at exfil.invalid', () => {
    const offending: string[] = [];
    for (const { name, markdown } of HOSTILE_PAYLOADS) {
      let decoded = markdown;
      try {
        decoded = decodeURIComponent(markdown);
      } catch {
        /* not percent-encoded as a whole */
      }
      for (const text of [markdown, decoded]) {
        for (const [, host] of text.matchAll(/(?:https?:|[^:/]|^)\/\/([^\s/"'<>)\]?#]+)/gi)) {
          if (host.replace(/^[^@]*@/, '') !== 'exfil.invalid') offending.push(`${name}: //${host}`);
        }
        for (const [, host] of text.matchAll(/\bwww\.([^\s/"'<>)\]]+)/gi)) if (host !== 'exfil.invalid') offending.push(`${name}: www.${host}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('makes every script payload detectable if it ran', () => {
    for (const { name, markdown } of HOSTILE_PAYLOADS) {
      if (/<script>|onerror=|onload=|javascript:/i.test(markdown)) {
        assert.ok(decodeEntities(markdown).includes('__pwned'), `${name} cannot be detected`);
      }
    }
  });
});

describe('markdown-it renders hostile model output inert (first gate)', () => {
  const md = createMarkdown();

  for (const { name, markdown } of HOSTILE_PAYLOADS) {
    it(`renders ${name} inert, also while it streams`, () => {
      for (const prefix of streamedPrefixes(markdown)) {
        // As a finished block, and as the growing tail (rendered with env.streamingTail: code not highlighted yet).
        for (const env of [{}, { streamingTail: true }]) {
          const problems = htmlProblems(md.render(prefix, env));
          assert.deepEqual(problems, [], `${name} (first ${prefix.length} of ${markdown.length} characters, env ${JSON.stringify(env)})`);
        }
      }
    });
  }

  it('keeps rendering what follows each payload (no payload swallows the rest of an answer)', () => {
    const swallowed = HOSTILE_PAYLOADS.filter(({ name }) => name !== 'unterminated-fence-last')
      .filter(({ markdown }) => !md.render(`${markdown}\n\n### AFTER-THE-PAYLOAD\n`).includes('<h3>AFTER-THE-PAYLOAD</h3>'))
      .map(({ name }) => name);
    assert.deepEqual(swallowed, []);
  });

  it('still renders the safe parts: http(s) links and image placeholders', () => {
    const html = md.render('[docs](https://exfil.invalid/ok) ![chart](https://exfil.invalid/chart.png) `<b>`');
    assert.match(html, /<a href="https:\/\/exfil\.invalid\/ok">docs<\/a>/);
    assert.match(html, /<a class="image-placeholder" href="https:\/\/exfil\.invalid\/chart\.png"[^>]*>Image: chart<\/a>/);
    assert.match(html, /<code>&lt;b&gt;<\/code>/);
    assert.deepEqual(htmlProblems(html), []);
  });

  it('shows mail addresses and mailto: links as text, never as a link', () => {
    for (const source of ['[mail](mailto:victim@exfil.invalid?body=secret)', '<mailto:victim@exfil.invalid>', '<victim@exfil.invalid>', 'write to victim@exfil.invalid today']) {
      const html = md.render(source);
      assert.doesNotMatch(html, /<a\b/, `${source} → ${html}`);
      assert.match(html, /victim@exfil\.invalid/, `${source}: the address stays readable`);
    }
  });

  it('would catch an unsafe renderer (the checks can fail)', () => {
    const unsafe = markdownIt({ html: true, linkify: true });
    unsafe.validateLink = () => true;
    const caught = HOSTILE_PAYLOADS.filter(({ markdown }) => htmlProblems(unsafe.render(markdown)).length > 0);
    assert.ok(caught.length >= HOSTILE_PAYLOADS.length * 0.8, `an HTML-enabled renderer was caught on only ${caught.length} of ${HOSTILE_PAYLOADS.length} payloads`);
    for (const bad of ['<img src=x onerror="a()">', '<p style="color:red">x</p>', '<a href="javascript:a()">x</a>', '<a href=" &#106;avascript:a()">x</a>', '<a href="command:x">x</a>', '<a href="mailto:a@exfil.invalid">x</a>', '<svg></svg>', '<a href="data:text/html,x">x</a>']) {
      assert.notDeepEqual(htmlProblems(bad), [], bad);
    }
  });
});

describe('markdown-it nesting limit: nothing after deep nesting is lost', () => {
  const md = createMarkdown();

  it('keeps a 60-level nested list and everything after it', () => {
    let source = '';
    for (let level = 0; level < 60; level++) source += `${'  '.repeat(level)}- level ${level}\n`;
    source += '\nAFTER THE LIST with **bold**\n\n```js\ncode after\n```\n';
    const html = md.render(source);
    assert.match(html, /AFTER THE LIST with <strong>bold<\/strong>/);
    assert.match(html, /code after/);
    for (const level of [0, 30, 45, 59]) assert.ok(html.includes(`level ${level}`), `level ${level} is shown`);
  });

  it('keeps deeply nested quotes mixed with lists, and plain markdown-it still drops them (the reason for the rule)', () => {
    const source = `${Array.from({ length: 70 }, (_, i) => (i % 2 ? '> ' : '- ')).join('')}deep\n\nAFTER\n`;
    assert.match(md.render(source), /deep/);
    assert.match(md.render(source), /AFTER/);
    let plain = '';
    for (let level = 0; level < 60; level++) plain += `${'  '.repeat(level)}- level ${level}\n`;
    assert.doesNotMatch(markdownIt().render(`${plain}\nAFTER THE LIST\n`), /AFTER THE LIST/);
  });
});
