/**
 * The whole chat webview (main.ts, unchanged) for attachments.test.ts, its host faked by fakeWebviewHost.ts as in
 * chatApp.page.ts. The test page is about:blank, which is not a secure context, so it lacks crypto.randomUUID that
 * VS Code's webviews (a vscode-webview: origin) have and the composer needs to send: it is supplied here, from the
 * same getRandomValues the browser would use.
 */
import './fakeWebviewHost';
import '../../../src/webview-ui/main';

// main.ts asks for ids only when something is sent, so supplying it after main has loaded is in time.

if (typeof crypto.randomUUID !== 'function') {
  Object.defineProperty(crypto, 'randomUUID', {
    value: (): string => {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  });
}
