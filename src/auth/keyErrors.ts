import type { ChatError } from '../shared/chatError';

/** Every way "there is no key we can use" is told to the user; each offers Set API Key. */
export function noKeyError(): ChatError {
  return {
    kind: 'noKey',
    title: 'No API key is set.',
    detail: 'Claude Chat needs an Anthropic API key. It is kept in VS Code secret storage, never in settings or files.',
    actions: ['setApiKey'],
  };
}

export function unreadableKeyError(): ChatError {
  return {
    kind: 'noKey',
    title: 'Your API key could not be read from secret storage.',
    detail: 'The OS keychain did not answer (it may be locked, or it changed). Set the key again with "Claude Chat: Set API Key"; it is never read from settings or files instead.',
    actions: ['setApiKey'],
  };
}

/** `reason` comes from characterProblem: it names the character, never the key. */
export function invalidKeyError(source: 'secretStorage' | 'environment', reason: string): ChatError {
  const stored = source === 'secretStorage';
  return {
    kind: 'auth',
    title: `${stored ? 'The stored API key' : 'The key in ANTHROPIC_API_KEY'} has an invalid character, so it was not sent.`,
    detail: stored
      ? `${reason} Set the key again with "Claude Chat: Set API Key".`
      : `${reason} Fix the variable, or set a key with "Claude Chat: Set API Key" (a stored key is used first).`,
    actions: ['setApiKey'],
  };
}
