// Runs the integration tests inside a real VS Code extension host. @vscode/test-electron's runTests is used
// unchanged; its "VS Code executable" is our launcher, which runs code-server and drives it through Chromium.
import { runTests } from '@vscode/test-electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  await runTests({
    vscodeExecutablePath: path.join(root, 'test', 'runtime', 'launcher.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    // No key may leak in from the machine: the tests decide which key exists.
    extensionTestsEnv: { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' },
  });
} catch (error) {
  console.error(`integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
