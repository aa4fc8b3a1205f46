/** The first line of the first message, shortened: the title until (or instead of) a generated one. */
export function fallbackTitle(text: string, maxLength = 60): string {
  const firstLine = text.split('\n').map((line) => line.trim()).find((line) => line.length > 0) ?? '';
  const clean = firstLine.replace(/\s+/g, ' ');
  if (clean.length === 0) return 'New chat';
  return clean.length <= maxLength ? clean : `${clean.slice(0, maxLength - 1).trimEnd()}…`;
}

/** Makes a title of what the title model said: one line, no quotes or markdown, no "Title:" prefix, short. */
export function cleanTitle(raw: string, maxLength = 60): string | undefined {
  const line = raw.split('\n').map((part) => part.trim()).find((part) => part.length > 0) ?? '';
  const clean = line
    .replace(/^(?:#+\s*|\*+|_+|title\s*:\s*)+/i, '')
    .replace(/[*_]+$/, '')
    .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, '')
    .replace(/[.。]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length === 0) return undefined;
  return clean.length <= maxLength ? clean : `${clean.slice(0, maxLength - 1).trimEnd()}…`;
}
