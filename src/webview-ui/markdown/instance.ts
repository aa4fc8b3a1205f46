import type { MarkdownIt } from 'markdown-it';
import { createMarkdown } from './markdownIt';

let shared: MarkdownIt | undefined;

/** One configured parser for the page (building one costs more than rendering a short answer). */
export function markdown(): MarkdownIt {
  shared ??= createMarkdown();
  return shared;
}
