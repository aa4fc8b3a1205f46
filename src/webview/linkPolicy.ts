/**
 * Which links from model output may be opened, and who confirms them. Only absolute http(s) URLs without
 * credentials are opened; everything else (mailto:, javascript:, data:, command:, vscode:, file:, relative paths)
 * is refused.
 *
 * Every opened link is confirmed once. VS Code's link protection asks "Do you want Code to open the external
 * website?" for any http(s) host, except hosts the user trusted (their decision, as for any other host) and those
 * its built-in rule treats as localhost (`isLocalhostAuthority` in vs/platform/url/common/trustedDomains.ts):
 * `localhost`, `*.localhost`, `127.0.0.1` and `[::1]`, any port. A link from an answer to a server on the user's
 * own machine is no safer than one to the web (it can drive a local admin page or dev server), so for exactly
 * those the host asks itself (and for 0.0.0.0 and [::], see isAnyAddress). Private ranges (10/8, 172.16/12,
 * 192.168/16, 169.254/16, fc00::/7, fe80::/10) and the rest of 127/8 are on no version's skip list, so VS Code's
 * own prompt confirms them; asking as well would only ask twice.
 */
export interface OpenableLink {
  /** As WHATWG normalised it (http://0x7f.1/ becomes http://127.0.0.1/): VS Code checks the host this module did. */
  url: string;
  /** Who asks the user before it opens: VS Code's link protection, or the host, where VS Code would not ask. */
  confirmation: 'vscode' | 'host';
}

export function openableLink(href: string): OpenableLink | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return { url: url.toString(), confirmation: vsCodeOpensUnasked(url.host) || isAnyAddress(url.hostname) ? 'host' : 'vscode' };
}

/**
 * "This machine" to a browser. VS Code declined to trust these by default (microsoft/vscode#243041), but whether a
 * later version does is not settled: asking twice is the safe side.
 */
function isAnyAddress(hostname: string): boolean {
  return hostname === '0.0.0.0' || hostname === '[::]';
}

/**
 * VS Code's own test, copied from its newest version, on the authority it will see. Older versions skip a subset
 * (`*.localhost` only from 1.103, `[::1]` only from early 2026), where such a link is confirmed twice: once too
 * often rather than never. The unescaped dots are VS Code's: `127a0b0c1` matches there, so it must match here.
 */
function vsCodeOpensUnasked(authority: string): boolean {
  return /^(.+\.)?localhost(:\d+)?$/i.test(authority) || /^127.0.0.1(:\d+)?$/.test(authority) || /^\[::1\](:\d+)?$/.test(authority);
}
