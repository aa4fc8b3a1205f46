import type { WebviewToHost } from '../shared/protocol';

/** What the webview keeps across its own reloads; the host's state always wins when it arrives. */
export interface PersistedViewState {
  draft: string;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PersistedViewState | undefined;
  setState(state: PersistedViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** May be called once per page load, so it is acquired here and shared. */
export const vscode: VsCodeApi = acquireVsCodeApi();
