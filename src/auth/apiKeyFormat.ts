/**
 * What an HTTP header value may hold, and so what an API key sent as `Authorization: Bearer <key>` may hold:
 * printable ASCII without spaces. Anything else makes the SDK throw before sending, with the whole key in the
 * error's text.
 */
const HEADER_SAFE = /^[\x21-\x7E]+$/;
/** Whitespace a paste typically brings along at either end; trimmed rather than refused. */
const SURROUNDING_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const TYPOGRAPHIC_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f, 0x00ab, 0x00bb, 0x2039, 0x203a]);
const ASCII_QUOTES = new Set(['"', "'", '`']);

/** The key as it will be stored: a paste with the line break or spaces around it trimmed. */
export function normalizeApiKeyInput(input: string): string {
  return input.replace(SURROUNDING_WHITESPACE, '');
}

/**
 * Checks what the user typed into Set API Key. Returns the reason it is unusable, or undefined when it is fine.
 * A reason names the offending character by code point and position, never by echoing the key.
 */
export function validateApiKeyInput(input: string): string | undefined {
  const key = normalizeApiKeyInput(input);
  if (key.length === 0) return 'Paste your Anthropic API key (it starts with "sk-ant-").';
  const problem = characterProblem(key);
  if (problem) return `${problem}`;
  if (ASCII_QUOTES.has(key[0]) || ASCII_QUOTES.has(key[key.length - 1])) return 'Paste the key without the quotes around it.';
  if (key.length < 20) return 'That is too short to be an Anthropic API key.';
  if (key.length > 500) return 'That is too long to be an Anthropic API key.';
  return undefined;
}

/** Whether `key` can be sent at all: a stored or environment key that fails this is never handed to the SDK. */
export function isSendableApiKey(key: string): boolean {
  return HEADER_SAFE.test(key);
}

/** The first character that cannot be in a key, as one sentence; undefined when every character is printable ASCII. */
export function characterProblem(key: string): string | undefined {
  if (isSendableApiKey(key)) return undefined;
  let position = 0;
  for (const character of key) {
    position++;
    const code = character.codePointAt(0)!;
    if (code >= 0x21 && code <= 0x7e) continue;
    const where = `${codePoint(code)} at position ${position}`;
    if (code === 0x20) return 'An API key has no spaces in it.';
    if (code === 0x09 || code === 0x0a || code === 0x0d) return `An API key has no tabs or line breaks in it (${where}).`;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `The key contains an invisible control character (${where}).`;
    if (ZERO_WIDTH.has(code)) return `The key contains an invisible zero-width character (${where}), often picked up when copying from a web page or chat.`;
    if (TYPOGRAPHIC_QUOTES.has(code)) return `The key contains a typographic quote (${where}); an editor or chat app replaced a plain character.`;
    return `The key contains a character that is not plain ASCII (${where}).`;
  }
  return undefined;
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
