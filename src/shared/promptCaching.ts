/**
 * How long the API keeps the prompt cache this extension asks for: 5 minutes (writes cost 1.25× input), 1 hour
 * (writes cost 2×; worth it when turns are more than 5 minutes apart), or no caching at all. Reads cost 0.1× either way.
 */
export const PROMPT_CACHING_OPTIONS = ['5m', '1h', 'off'] as const;
export type PromptCaching = (typeof PROMPT_CACHING_OPTIONS)[number];

export function isPromptCaching(value: unknown): value is PromptCaching {
  return typeof value === 'string' && (PROMPT_CACHING_OPTIONS as readonly string[]).includes(value);
}
