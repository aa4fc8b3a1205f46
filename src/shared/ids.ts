/** Unique enough for message and conversation ids; works in Node and in the webview. */
export function newId(prefix: string): string {
  const random = globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 16);
  return `${prefix}_${Date.now().toString(36)}${random}`;
}
