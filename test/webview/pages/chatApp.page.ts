/**
 * The whole chat webview (src/webview-ui/main.ts, unchanged) on a blank page, with VS Code's side faked by
 * fakeWebviewHost.ts: the test posts host messages with `window.postMessage`, as VS Code delivers them, and reads
 * `window.fakeWebviewHost` for what the page posted back.
 */
import './fakeWebviewHost';
import '../../../src/webview-ui/main';
