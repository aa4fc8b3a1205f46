import assert from 'node:assert/strict';
import { capLines, capList, numberLines, utf8ByteLength } from '../../../src/shared/toolOutput';

const lines = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, index) => `line ${from + index}`).join('\n');

describe('tool output: line and byte caps', () => {
  it('returns text within the caps unchanged, without a note', () => {
    const text = 'a\r\nb\n';
    assert.deepEqual(capLines(text, { maxLines: 2, maxBytes: 100 }), { text, cut: false });
    assert.deepEqual(capLines('', { maxLines: 1, maxBytes: 1 }), { text: '', cut: false });
  });

  it('cuts at maxLines and says where to read on', () => {
    const result = capLines(lines(1, 2310), { maxLines: 400, maxBytes: 1_000_000 });
    assert.equal(result.cut, true);
    assert.equal(result.text, lines(1, 400));
    assert.equal(result.note, 'Showing lines 1–400 of 2,310; ask for start_line 401 to read on.');
  });

  it('numbers the note from the read’s first line and the file’s length', () => {
    const result = capLines(lines(401, 900), { maxLines: 400, maxBytes: 1_000_000, firstLine: 401, totalLines: 2310 });
    assert.equal(result.note, 'Showing lines 401–800 of 2,310; ask for start_line 801 to read on.');
    const toTheEnd = capLines(lines(401, 2310), { maxLines: 400, maxBytes: 1_000_000, firstLine: 401 });
    assert.equal(toTheEnd.note, 'Showing lines 401–800 of 2,310; ask for start_line 801 to read on.');
  });

  it('cuts at maxBytes on a line boundary, counting the line breaks', () => {
    // "aaaa\nbbbb" is 9 bytes: with a 9-byte cap both lines fit, with 8 only the first.
    assert.deepEqual(capLines('aaaa\nbbbb\ncccc', { maxLines: 10, maxBytes: 9 }), {
      text: 'aaaa\nbbbb',
      cut: true,
      note: 'Showing lines 1–2 of 3 (output is capped at 9 bytes); ask for start_line 3 to read on.',
    });
    assert.equal(capLines('aaaa\nbbbb\ncccc', { maxLines: 10, maxBytes: 8 }).text, 'aaaa');
  });

  it('counts bytes in UTF-8, so multi-byte lines reach the cap sooner', () => {
    // "é" is 2 bytes, "€" 3, "😀" 4 (two UTF-16 units).
    assert.equal(utf8ByteLength('é€😀a'), 10);
    const text = 'ééé\n€€€\nx';
    assert.equal(capLines(text, { maxLines: 10, maxBytes: 16 }).text, 'ééé\n€€€');
    assert.equal(capLines(text, { maxLines: 10, maxBytes: 15 }).text, 'ééé');
    assert.equal(capLines(lines(1, 3), { maxLines: 10, maxBytes: 1024 * 64 }).cut, false);
  });

  it('cuts one overlong line without splitting a character, and says so', () => {
    const emoji = '😀'.repeat(10); // 40 bytes, 20 UTF-16 units
    const cut = capLines(`${emoji}\nnext`, { maxLines: 10, maxBytes: 10 });
    assert.equal(cut.text, '😀😀', 'two whole emoji fit in 10 bytes; the third would need 12');
    assert.equal(cut.cut, true);
    assert.equal(
      cut.note,
      'Showing lines 1–1 of 2: line 1 is cut after 10 bytes of its 40 bytes and the rest of it cannot be read with this tool; ask for start_line 2 to read on.',
    );
    assert.equal(capLines('é'.repeat(5), { maxLines: 10, maxBytes: 5 }).text, 'éé');
    assert.equal(capLines('aé', { maxLines: 10, maxBytes: 2 }).text, 'a');
    assert.match(capLines('x'.repeat(70_000), { maxLines: 10, maxBytes: 64 * 1024 }).note ?? '', /cut after 64 KB of its 68 KB/);
    assert.match(capLines('x'.repeat(20), { maxLines: 10, maxBytes: 5 }).note ?? '', /with this tool\.$/);
  });
});

describe('tool output: list cap', () => {
  it('keeps a short list whole', () => {
    assert.deepEqual(capList(['a', 'b'], 2), { items: ['a', 'b'], cut: false });
  });

  it('keeps the first items and says how many were left out', () => {
    const items = Array.from({ length: 1234 }, (_, index) => index);
    const result = capList(items, 50, { noun: 'files' });
    assert.deepEqual(result.items, items.slice(0, 50));
    assert.equal(result.cut, true);
    assert.equal(result.note, 'Showing the first 50 of 1,234 files; narrow the glob or query, or raise max_results (at most 200).');
    assert.equal(capList(items, 200).note, 'Showing the first 200 of 1,234 results; narrow the glob or query to see the others.');
  });

  it('says there are more when the producer stopped early', () => {
    const result = capList([1, 2, 3], 3, { noun: 'matches', complete: false });
    assert.deepEqual(result.items, [1, 2, 3]);
    assert.equal(result.note, 'Showing the first 3 matches; there are more; narrow the glob or query, or raise max_results (at most 200).');
  });
});

describe('tool output: line numbers', () => {
  it('numbers lines from the given first line, right-aligned to the widest number', () => {
    assert.equal(numberLines('const a = 1;\n\nreturn a;\n', 98), ' 98 | const a = 1;\n 99 |\n100 | return a;');
    assert.equal(numberLines('x', 12), '12 | x');
    assert.equal(numberLines('a\r\nb', 1), '1 | a\n2 | b');
    assert.equal(numberLines('', 1), '');
  });
});
