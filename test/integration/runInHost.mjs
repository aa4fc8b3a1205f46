// Runs the integration tests inside a real VS Code extension host. @vscode/test-electron's runTests is used
// unchanged; its "VS Code executable" is our launcher, which runs code-server and drives it through Chromium.
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// A folder is open, as in real use, so a test can write workspace settings (endpointTrust.test.ts).
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-workspace-'));
let failed = false;
try {
  await runTests({
    vscodeExecutablePath: path.join(root, 'test', 'runtime', 'launcher.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace],
    // No key may leak in from the machine: the tests decide which key exists.
    extensionTestsEnv: { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '', INTEGRATION_GREP: process.env.INTEGRATION_GREP ?? '' },
  });
} catch (error) {
  console.error(`integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
if (failed) process.exit(1);
