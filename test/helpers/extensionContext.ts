/**
 * An ExtensionContext for calling `activate()` in plain Node (the unit build's `vscode` is test/fakes/vscode.ts):
 * in-memory secrets and mementos, storage in a fresh temp folder, and the extension mode the test chooses.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { ExtensionMode, FakeMemento, FakeSecretStorage, Uri } from '../fakes/vscode';

export interface TestExtensionContext {
  context: vscode.ExtensionContext;
  secrets: FakeSecretStorage;
  storageDir: string;
  /** Disposes what activate() registered and removes the storage folder. */
  dispose(): Promise<void>;
}

export async function createExtensionContext(mode: ExtensionMode): Promise<TestExtensionContext> {
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-activate-'));
  const secrets = new FakeSecretStorage();
  const subscriptions: { dispose(): unknown }[] = [];
  const context = {
    subscriptions,
    extensionMode: mode,
    extensionUri: Uri.file(path.resolve('.')),
    extensionPath: path.resolve('.'),
    globalStorageUri: Uri.file(storageDir),
    storageUri: undefined,
    logUri: Uri.file(path.join(storageDir, 'logs')),
    secrets,
    globalState: new FakeMemento(),
    workspaceState: new FakeMemento(),
  };
  return {
    context: context as unknown as vscode.ExtensionContext,
    secrets,
    storageDir,
    dispose: async () => {
      for (const subscription of subscriptions.splice(0).reverse()) subscription.dispose();
      // The library's first listing may still be writing its index: rm retries while the folder is not empty.
      await fs.rm(storageDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 5 });
    },
  };
}
