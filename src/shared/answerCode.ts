import markdownIt from 'markdown-it';

/**
 * The code an edit command's answer proposes, found with the same Markdown parser that renders answers, so what is
 * applied is exactly the block the user sees.
 */

// Parsing only: nothing is rendered, and raw HTML stays text as in the chat.
const parser = markdownIt({ html: false });

/**
 * Appended before parsing: a fence that is never closed (an answer cut off by max_tokens) runs to the end of the
 * document, so it swallows this line. Such a block is partial code and must never replace the user's.
 */
const UNCLOSED_SENTINEL = 'claude-chat-unclosed-fence-sentinel-7f3a9c';

/** Tags Claude may use for a VS Code language id (it usually repeats the id the prompt's fence carried). */
const LANGUAGE_FAMILIES: readonly (readonly string[])[] = [
  ['typescript', 'ts', 'mts', 'cts', 'typescriptreact', 'tsx'],
  ['javascript', 'js', 'mjs', 'cjs', 'javascriptreact', 'jsx', 'node'],
  ['python', 'py', 'python3', 'py3'],
  ['shellscript', 'sh', 'bash', 'shell', 'zsh', 'ksh'],
  ['powershell', 'ps1', 'pwsh', 'ps'],
  ['csharp', 'cs', 'c#'],
  ['cpp', 'c++', 'cc', 'cxx', 'hpp', 'hxx'],
  ['c', 'h'],
  ['objective-c', 'objc', 'objectivec'],
  ['objective-cpp', 'objc++', 'objcpp'],
  ['fsharp', 'fs', 'f#'],
  ['go', 'golang'],
  ['rust', 'rs'],
  ['ruby', 'rb'],
  ['kotlin', 'kt', 'kts'],
  ['markdown', 'md'],
  ['yaml', 'yml'],
  ['json', 'jsonc', 'json5'],
  ['dockerfile', 'docker'],
  ['makefile', 'make'],
  ['plaintext', 'text', 'txt', 'plain'],
  ['perl', 'pl'],
  ['haskell', 'hs'],
  ['erlang', 'erl'],
  ['elixir', 'ex', 'exs'],
  ['clojure', 'clj', 'cljs'],
  ['vb', 'vbnet', 'vb.net'],
  ['latex', 'tex'],
  ['html', 'htm', 'xhtml'],
  ['xml', 'xsl', 'svg'],
  ['bat', 'batch', 'cmd'],
];

export function replacementCode(answerMarkdown: string, language: string): string | undefined {
  let fences: { tag: string; content: string }[];
  try {
    fences = parser
      .parse(`${answerMarkdown}\n\n${UNCLOSED_SENTINEL}\n`, {})
      .filter((token) => token.type === 'fence' && !token.content.includes(UNCLOSED_SENTINEL))
      .map((token) => ({ tag: token.info.trim().split(/\s+/)[0].toLowerCase(), content: token.content }));
  } catch {
    // markdown-it does not throw on any text; should that change, no code is found rather than a crash.
    return undefined;
  }
  if (fences.length === 0) return undefined;
  if (fences.length === 1) return stripFinalNewline(fences[0].content);
  const wanted = languageTags(language);
  const candidates = fences.filter((fence) => fence.tag === '' || wanted.has(fence.tag));
  if (candidates.length === 0) return undefined;
  const longest = candidates.reduce((best, fence) => (fence.content.length > best.content.length ? fence : best));
  return stripFinalNewline(longest.content);
}

function languageTags(language: string): Set<string> {
  const id = language.trim().toLowerCase();
  const family = LANGUAGE_FAMILIES.find((tags) => tags.includes(id));
  return new Set(family ?? [id]);
}

function stripFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
