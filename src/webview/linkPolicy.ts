/**
 * Which links from model output may be opened: absolute http(s) URLs (never with credentials) and mailto. Everything
 * else (javascript:, data:, command:, vscode:, file:, relative paths) is refused. Returns the normalised URL or
 * undefined.
 */
export function openableLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:') return url.toString();
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.toString();
}
