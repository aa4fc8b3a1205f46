/** What a scrubbed secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Anthropic keys (`sk-ant-api03-…`, admin keys) up to the first character a key never has. It runs through
 * control and zero-width characters on purpose: the SDK's header error quotes a broken key whole, NUL included.
 */
const ANTHROPIC_KEY = /sk-ant-[^\s"'`<>]*/gi;
/** An Authorization value, whatever it carries. Case-sensitive, as the SDK writes it: "a bearer of news" is prose. */
const BEARER = /\bBearer\s+[^\s"'`,;]+/g;
/** The other header the API accepts a key in, as a header line or a JSON pair. */
const API_KEY_HEADER = /\b(x-api-key"?\s*[:=]\s*"?)[^\s"'`,;]+/gi;
/** Shorter "secrets" are not keys, and scrubbing them would shred ordinary words. */
const MIN_KNOWN_SECRET_LENGTH = 8;

/**
 * Scrubs secrets out of text that is about to be logged, shown or saved (error messages above all: the SDK and
 * undici quote header values in theirs). `knownSecrets` (the key in use) are removed wherever they appear, also in
 * their JSON-escaped form; key-shaped strings and Authorization values are removed even when nobody knew them.
 */
export function redactSecrets(text: string, knownSecrets: readonly (string | null | undefined)[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (!secret || secret.length < MIN_KNOWN_SECRET_LENGTH) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of escaped === secret ? [secret] : [secret, escaped]) result = result.split(form).join(REDACTED);
  }
  return result
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(ANTHROPIC_KEY, `sk-ant-${REDACTED}`)
    .replace(API_KEY_HEADER, (_match, prefix: string) => `${prefix}${REDACTED}`);
}
