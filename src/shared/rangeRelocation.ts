/** A stretch of a document's text as offsets, end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** One replacement as VS Code reports it in `TextDocumentChangeEvent.contentChanges`. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * Where the code Claude was given is in `text` now, or undefined when that cannot be told for sure. A whole-file
 * proposal matches only the whole, unchanged file: replacing just the old text would keep lines added around it in a
 * file Claude rewrote as a whole.
 */
export function relocateSpan(text: string, span: TextSpan, originalText: string, wholeDocument = false): TextSpan | undefined {
  if (wholeDocument) return text === originalText ? { start: 0, end: text.length } : undefined;
  // Empty code has no text to look for: any position would be a guess.
  if (originalText === '') return undefined;
  if (span.end <= text.length && text.slice(span.start, span.end) === originalText) return span;
  const first = text.indexOf(originalText);
  if (first < 0 || text.indexOf(originalText, first + 1) >= 0) return undefined;
  return { start: first, end: first + originalText.length };
}

/**
 * The span after edits to its document: moved by edits before it, kept by edits after it, lost when an edit touches
 * it. VS Code lists one event's changes last-first, so each offset holds for the text before the event; sorting
 * keeps that true whatever the order.
 */
export function spanAfterChanges(span: TextSpan, changes: readonly TextChange[]): TextSpan | undefined {
  let { start, end } = span;
  for (const change of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
    const changeEnd = change.rangeOffset + change.rangeLength;
    if (changeEnd <= start) {
      const delta = change.text.length - change.rangeLength;
      start += delta;
      end += delta;
    } else if (change.rangeOffset < end) {
      return undefined;
    }
  }
  return { start, end };
}

/**
 * Claude's code in the document's line endings, ending in a line break exactly when the replaced code did: code
 * from a fence never carries its last line break, and dropping it would join the next line onto the last one.
 */
export function fitReplacement(proposedText: string, originalText: string, eol: '\n' | '\r\n'): string {
  let fitted = proposedText.replace(/\r\n|\r|\n/g, eol);
  const originalEnds = /\r?\n$/.test(originalText);
  const fittedEnds = fitted.endsWith(eol);
  if (originalEnds && !fittedEnds) fitted += eol;
  // Code written into an empty file keeps its last line break.
  else if (!originalEnds && fittedEnds && originalText !== '') fitted = fitted.slice(0, -eol.length);
  return fitted;
}

export function spliceText(text: string, span: TextSpan, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}
