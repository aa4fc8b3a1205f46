/** Checks what the user typed into Set API Key. Returns the reason it is unusable, or undefined when it is fine. */
export function validateApiKeyInput(input: string): string | undefined {
  const key = input.trim();
  if (key.length === 0) return 'Paste your Anthropic API key (it starts with "sk-ant-").';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (key.length < 20) return 'That is too short to be an Anthropic API key.';
  if (key.length > 500) return 'That is too long to be an Anthropic API key.';
  return undefined;
}
