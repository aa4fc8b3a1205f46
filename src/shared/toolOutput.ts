/**
 * Caps on what a tool returns to Claude. Every tool result is re-sent on each later turn of the conversation, so a
 * result is bounded in lines, bytes and items; when it is cut, a note says what was left out and how to ask for the
 * rest, so Claude reads on instead of guessing.
 */

import { formatBytes } from './byteSize';
import { TOOL_LIMITS } from './toolCatalog';

export interface LineCaps {
  maxLines: number;
  /** Counted in UTF-8, as the request is sent. */
  maxBytes: number;
  /** The file line number of the text's first line (the read's start_line). Default 1. */
  firstLine?: number;
  /** How many lines the whole file has. Default: the text runs to the end of the file. */
  totalLines?: number;
}

export interface CappedText {
  text: string;
  cut: boolean;
  /** Set when cut: what is shown and how to get the rest, for Claude. */
  note?: string;
}

export interface CappedList<T> {
  items: T[];
  cut: boolean;
  note?: string;
}

/** 1,234,567: the notes are for Claude and the user, and digits in groups are read right. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function utf8Length(codePoint: number): number {
  // Lone surrogates are sent as U+FFFD, three bytes, like every other code point below U+10000.
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Bytes of the text in UTF-8. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += utf8Length(char.codePointAt(0) as number);
  return bytes;
}

/** The longest start of the text that fits in maxBytes of UTF-8, never ending inside a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += utf8Length(char.codePointAt(0) as number);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Lines of the text; a final line break ends the last line rather than starting an empty one. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Keeps whole lines while both caps allow. A single line larger than the byte cap (minified code) is cut inside the
 * line, at a character boundary. Uncut text comes back unchanged; cut text is joined with "\n".
 */
export function capLines(text: string, caps: LineCaps): CappedText {
  const lines = splitLines(text);
  const firstLine = caps.firstLine ?? 1;
  const totalLines = caps.totalLines ?? firstLine - 1 + lines.length;
  const kept: string[] = [];
  let bytes = 0;
  let cutInsideLine: { length: number } | undefined;
  for (const line of lines) {
    if (kept.length >= caps.maxLines) break;
    const lineBytes = utf8ByteLength(line) + (kept.length > 0 ? 1 : 0);
    if (bytes + lineBytes > caps.maxBytes) {
      if (kept.length === 0) {
        kept.push(utf8Prefix(line, caps.maxBytes));
        cutInsideLine = { length: utf8ByteLength(line) };
      }
      break;
    }
    kept.push(line);
    bytes += lineBytes;
  }
  if (kept.length === lines.length && !cutInsideLine) return { text, cut: false };

  const lastShown = firstLine + kept.length - 1;
  const shownLines = `Showing lines ${grouped(firstLine)}–${grouped(lastShown)} of ${grouped(totalLines)}`;
  const next = lastShown + 1;
  const readOn = next <= totalLines ? `; ask for start_line ${grouped(next)} to read on.` : '.';
  const note = cutInsideLine
    ? `${shownLines}: line ${grouped(firstLine)} is cut after ${formatBytes(caps.maxBytes)} of its ${formatBytes(cutInsideLine.length)} ` +
      `and the rest of it cannot be read with this tool${readOn}`
    : kept.length >= caps.maxLines
      ? `${shownLines}${readOn}`
      : `${shownLines} (output is capped at ${formatBytes(caps.maxBytes)})${readOn}`;
  return { text: kept.join('\n'), cut: true, note };
}

export interface ListCapOptions {
  /** What the items are, plural: "files", "matches". Default "results". */
  noun?: string;
  /** False when the producer stopped early and the items are not all there are. Default true. */
  complete?: boolean;
}

/** The first `max` items, with a note saying how many were left out and how to narrow or widen the request. */
export function capList<T>(items: readonly T[], max: number, options: ListCapOptions = {}): CappedList<T> {
  const noun = options.noun ?? 'results';
  const complete = options.complete ?? true;
  if (items.length <= max && complete) return { items: [...items], cut: false };
  const kept = items.slice(0, max);
  const shown = complete
    ? `Showing the first ${grouped(kept.length)} of ${grouped(items.length)} ${noun}`
    : `Showing the first ${grouped(kept.length)} ${noun}; there are more`;
  const advice =
    max < TOOL_LIMITS.maxResultsLimit
      ? `narrow the glob or query, or raise max_results (at most ${TOOL_LIMITS.maxResultsLimit})`
      : 'narrow the glob or query to see the others';
  return { items: kept, cut: true, note: `${shown}; ${advice}.` };
}

/**
 * Prefixes each line with its number, right-aligned to the widest number ("  12 | code"), so Claude can cite lines
 * that match the file. `firstLine` is the number of the text's first line.
 */
export function numberLines(text: string, firstLine: number): string {
  const lines = splitLines(text);
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((line, index) => `${String(firstLine + index).padStart(width)} |${line === '' ? '' : ` ${line}`}`).join('\n');
}
