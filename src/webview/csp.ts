import { randomBytes } from 'node:crypto';

/** A fresh nonce per page load, from the OS's cryptographic source (never Math.random). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The webview's Content Security Policy: only our own nonce-tagged script, only our own styles and fonts, images
 * only from the extension or inline data, and no network at all (no connect, no frames, no forms, no <base>).
 * Model output rendered in this page can therefore neither run code nor reach out to a remote host.
 */
export function buildCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
