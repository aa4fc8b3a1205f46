/**
 * The code a command acts on, as plain data: read from an editor, a file or the terminal by the host's editor layer,
 * turned into a prompt by promptTemplate.ts. Lines are 1-based and inclusive, as people read them.
 */

export type DiagnosticSeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface DiagnosticSummary {
  /** First and last line the problem covers (1-based). */
  line: number;
  endLine: number;
  severity: DiagnosticSeverityName;
  message: string;
  /** Who reported it (`ts`, `eslint`…), when known. */
  source?: string;
  code?: string;
}

/** Where the code came from: the selection, the symbol around the cursor, a whole file, or the terminal. */
export type SnippetOrigin = 'selection' | 'symbol' | 'file' | 'terminal';

export interface CodeSnippet {
  /** Workspace-relative path with `/` separators (the file name for files outside the workspace; '' for the terminal). */
  path: string;
  /** VS Code language id (`typescript`, `python`…); the fence's tag. */
  language: string;
  startLine: number;
  endLine: number;
  text: string;
  origin: SnippetOrigin;
  /** With origin `symbol`: what it is, e.g. "function parseArgs" or "class Store". */
  symbol?: string;
  /** Problems VS Code reports in the range (used by Find Bugs and Fix). */
  diagnostics: DiagnosticSummary[];
}
