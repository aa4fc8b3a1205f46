// Compares keybindings the way VS Code dispatches them: by the keys pressed, whatever order or case the modifiers are
// written in, and by chord (a first key that starts a chord waits for the second one).

export type KeybindingPlatform = 'linux' | 'macos' | 'windows';
export const KEYBINDING_PLATFORMS: readonly KeybindingPlatform[] = ['linux', 'macos', 'windows'];

/** One entry of VS Code's default keybindings list. */
export interface KeybindingEntry {
  key: string;
  command: string;
  when?: string;
}

/** One entry of package.json `contributes.keybindings`. */
export interface ContributedKeybinding {
  command: string;
  key?: string;
  mac?: string;
  linux?: string;
  win?: string;
  when?: string;
}

const MODIFIER_ORDER = ['ctrl', 'shift', 'alt', 'meta'] as const;
// cmd (macOS), win (Windows) and meta (Linux) are VS Code's names for the same physical key on each OS.
const MODIFIER_ALIASES: Record<string, (typeof MODIFIER_ORDER)[number]> = { ctrl: 'ctrl', shift: 'shift', alt: 'alt', meta: 'meta', cmd: 'meta', win: 'meta' };
const MODIFIER_PREFIX = /^(ctrl|shift|alt|meta|cmd|win)\+/;

function normalizePart(part: string): string {
  let rest = part.toLowerCase();
  const modifiers = new Set<string>();
  // Peeling known modifiers off the front keeps a key that is itself "+" or contains "+" (numpad_add) intact.
  for (let match = MODIFIER_PREFIX.exec(rest); match && rest.length > match[0].length; match = MODIFIER_PREFIX.exec(rest)) {
    modifiers.add(MODIFIER_ALIASES[match[1]]);
    rest = rest.slice(match[0].length);
  }
  return [...MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier)), rest].join('+');
}

/** The chord's parts, each as "ctrl+shift+alt+meta+key" (only the modifiers present), lower case. */
export function normalizeKey(key: string): string[] {
  return key.trim().split(/\s+/).map(normalizePart);
}

/** The key VS Code uses for a contributed keybinding on one platform (`mac` / `linux` / `win` override `key`). */
export function contributedKeyFor(binding: ContributedKeybinding, platform: KeybindingPlatform): string | undefined {
  const specific = platform === 'macos' ? binding.mac : platform === 'linux' ? binding.linux : binding.win;
  return specific ?? binding.key;
}

/**
 * The default keybindings document (JSON with comments): its comments are whole lines (the header and the list of
 * commands without a key), so dropping those lines and any trailing comma leaves plain JSON.
 */
export function parseKeybindingsText(text: string): KeybindingEntry[] {
  const json = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .replace(/,(\s*[\]}])/g, '$1');
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('the keybindings text is not a JSON array');
  return parsed.map((entry: KeybindingEntry) => ({ key: entry.key, command: entry.command, ...(entry.when ? { when: entry.when } : {}) }));
}

/**
 * The defaults that `key` would collide with, whatever their `when` clauses (a user can be in any context):
 * - a single key collides with the same key and with every chord that starts with it (it would swallow the chord);
 * - a chord whose first key already starts default chords (a known prefix such as ctrl+k) collides only with the same chord;
 * - any other chord collides with everything bound to its first key.
 */
export function collisions(key: string, defaults: readonly KeybindingEntry[]): KeybindingEntry[] {
  const ours = normalizeKey(key);
  const parsed = defaults.map((entry) => ({ entry, chord: normalizeKey(entry.key) }));
  const prefixes = new Set(parsed.filter(({ chord }) => chord.length > 1).map(({ chord }) => chord[0]));
  const onlySameChord = ours.length > 1 && prefixes.has(ours[0]);
  return parsed
    .filter(({ chord }) => (onlySameChord ? chord.join(' ') === ours.join(' ') : chord[0] === ours[0]))
    .map(({ entry }) => entry);
}

/** A `when` clause as its sorted `&&` terms, since VS Code prints the clauses it loaded in its own order. */
export function whenTerms(when: string | undefined): string[] {
  return (when ?? '')
    .split('&&')
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .sort();
}
