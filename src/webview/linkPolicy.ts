/**
 * Which links from model output may be opened: absolute http(s) URLs only, never with credentials. Everything else
 * (javascript:, data:, command:, vscode:, file:, relative paths) is refused. Returns the normalised URL or undefined.
 */
export function openableLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.toString();
}
