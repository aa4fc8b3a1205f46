import assert from 'node:assert/strict';
import { fitReplacement, relocateSpan, spanAfterChanges, spliceText, type TextSpan } from '../../../src/shared/rangeRelocation';

/** The span of `part` in `text`, which must hold it once. */
function spanOf(text: string, part: string): TextSpan {
  const start = text.indexOf(part);
  assert.ok(start >= 0 && text.indexOf(part, start + 1) < 0, `"${part}" once in the text`);
  return { start, end: start + part.length };
}

describe('relocateSpan', () => {
  const before = 'def f():\n    return 1\n\ndef g():\n    return 2\n';
  const code = '    return 1\n';

  it('keeps the span while the text there is still the code', () => {
    const span = spanOf(before, code);
    assert.deepEqual(relocateSpan(`${before}# appended\n`, span, code), span);
  });

  it('finds code that moved when it occurs once', () => {
    const after = `# header\n${before}`;
    assert.deepEqual(relocateSpan(after, spanOf(before, code), code), spanOf(after, code));
  });

  it('gives up when the code was edited, or occurs more than once, or is empty', () => {
    const span = spanOf(before, code);
    assert.equal(relocateSpan(before.replace('return 1', 'return 10'), span, code), undefined);
    const twice = `# header\n${before}${code}`;
    assert.equal(relocateSpan(twice, span, code), undefined);
    // Overlapping occurrences count too.
    assert.equal(relocateSpan('xaaa', { start: 0, end: 2 }, 'aa'), undefined);
    assert.equal(relocateSpan(`x${before}`, { start: 3, end: 3 }, ''), undefined);
  });

  it('keeps a span that ran past the end only if the code is still there', () => {
    assert.equal(relocateSpan('short', { start: 2, end: 40 }, 'ort and more'), undefined);
  });

  it('matches a whole-file proposal only to the unchanged whole file', () => {
    const whole = { start: 0, end: 6 };
    assert.deepEqual(relocateSpan('x = 1\n', whole, 'x = 1\n', true), whole);
    assert.equal(relocateSpan('# user edit\nx = 1\n', whole, 'x = 1\n', true), undefined);
    assert.deepEqual(relocateSpan('# user edit\nx = 1\n', whole, 'x = 1\n', false), { start: 12, end: 18 });
  });
});

describe('spanAfterChanges', () => {
  const span = { start: 10, end: 20 };

  it('moves the span by edits before it and keeps it for edits after it', () => {
    assert.deepEqual(spanAfterChanges(span, [{ rangeOffset: 0, rangeLength: 0, text: 'abc' }]), { start: 13, end: 23 });
    assert.deepEqual(spanAfterChanges(span, [{ rangeOffset: 2, rangeLength: 5, text: '' }]), { start: 5, end: 15 });
    assert.deepEqual(spanAfterChanges(span, [{ rangeOffset: 25, rangeLength: 3, text: 'longer text' }]), span);
  });

  it('treats typing right at either edge as outside the code', () => {
    assert.deepEqual(spanAfterChanges(span, [{ rangeOffset: 10, rangeLength: 0, text: 'x' }]), { start: 11, end: 21 });
    assert.deepEqual(spanAfterChanges(span, [{ rangeOffset: 20, rangeLength: 0, text: 'x' }]), span);
  });

  it('loses the span when an edit touches it', () => {
    assert.equal(spanAfterChanges(span, [{ rangeOffset: 15, rangeLength: 0, text: 'x' }]), undefined);
    assert.equal(spanAfterChanges(span, [{ rangeOffset: 5, rangeLength: 6, text: '' }]), undefined);
    assert.equal(spanAfterChanges(span, [{ rangeOffset: 19, rangeLength: 4, text: '' }]), undefined);
  });

  it('applies several changes of one event, whatever their order, against the text before it', () => {
    const text = 'aa\nbb\nCODE\ncc\n';
    const changes = [
      { rangeOffset: 0, rangeLength: 2, text: 'AAAA' },
      { rangeOffset: 11, rangeLength: 0, text: 'zz' },
      { rangeOffset: 3, rangeLength: 0, text: '+' },
    ];
    let after = text;
    for (const change of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
      after = after.slice(0, change.rangeOffset) + change.text + after.slice(change.rangeOffset + change.rangeLength);
    }
    for (const order of [changes, [...changes].reverse()]) {
      const moved = spanAfterChanges(spanOf(text, 'CODE'), order);
      assert.ok(moved);
      assert.equal(after.slice(moved.start, moved.end), 'CODE');
    }
  });
});

describe('fitReplacement', () => {
  it("adds the line break a fence drops when the replaced code ended with one, and drops one it did not", () => {
    assert.equal(fitReplacement('a\nb', 'x\ny\n', '\n'), 'a\nb\n');
    assert.equal(fitReplacement('a\nb\n', 'x\ny\n', '\n'), 'a\nb\n');
    assert.equal(fitReplacement('return 2\n', 'return 1', '\n'), 'return 2');
    assert.equal(fitReplacement('return 2', 'return 1', '\n'), 'return 2');
  });

  it("writes the document's line endings", () => {
    assert.equal(fitReplacement('a\nb\r\nc', 'x\r\ny\r\n', '\r\n'), 'a\r\nb\r\nc\r\n');
    assert.equal(fitReplacement('a\r\nb', 'x\ny', '\n'), 'a\nb');
  });

  it('keeps the last line break of code written into an empty file', () => {
    assert.equal(fitReplacement('new\n', '', '\n'), 'new\n');
  });
});

describe('spliceText', () => {
  it('replaces exactly the span', () => {
    assert.equal(spliceText('abcdef', { start: 2, end: 4 }, 'XYZ'), 'abXYZef');
    assert.equal(spliceText('abc', { start: 3, end: 3 }, '!'), 'abc!');
  });
});
