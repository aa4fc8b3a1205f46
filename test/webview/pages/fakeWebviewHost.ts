/**
 * What VS Code gives a webview page, faked for chatApp.page.ts: `acquireVsCodeApi` and the `#app` element. Imported
 * before main.ts, so it is in place when main.ts runs. Records what the page posts and keeps, for the test to read.
 */
import type { WebviewToHost } from '../../../src/shared/protocol';
import type { PersistedViewState } from '../../../src/webview-ui/vscodeApi';

export interface FakeWebviewHost {
  posted: WebviewToHost[];
  state: PersistedViewState | undefined;
}

const host: FakeWebviewHost = { posted: [], state: undefined };

(window as unknown as { acquireVsCodeApi(): unknown }).acquireVsCodeApi = () => ({
  postMessage: (message: WebviewToHost) => host.posted.push(message),
  getState: () => host.state,
  setState: (state: PersistedViewState) => {
    host.state = state;
  },
});

const app = document.createElement('div');
app.id = 'app';
app.className = 'app';
document.body.append(app);

(window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost = host;
