// `npm start`: build and package the extension, then serve a real VS Code (code-server) with it installed on
// http://127.0.0.1:PORT. `npm run demo`: the same, with the local fake Anthropic server started and
// claudeChat.baseUrl preset to it, so the chat can be tried without an API key.
// Options: --port N (or PORT=N; default 8080), --folder PATH (default: the current folder), --demo.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { cacheDir, repoRoot } from './paths.mjs';

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const demo = process.argv.includes('--demo');
const port = Number(option('port') ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Invalid port "${option('port') ?? process.env.PORT}": use --port 1-65535.`);
  process.exit(2);
}
const folder = path.resolve(option('folder') ?? process.env.INIT_CWD ?? process.cwd());

const npm = (...args) => execFileSync('npm', args, { cwd: repoRoot, stdio: 'inherit' });
console.log('Building and packaging the extension…');
npm('run', '-s', 'package');
if (demo) execFileSync('node', ['esbuild.mjs', '--tests'], { cwd: repoRoot, stdio: 'inherit' });

let fake;
const settings = {};
const env = {};
if (demo) {
  const { FakeAnthropicServer } = await import(path.join(repoRoot, 'out', 'test', 'fakes', 'anthropicServer.js'));
  fake = new FakeAnthropicServer();
  settings['claudeChat.baseUrl'] = await fake.start();
  // A placeholder key: the fake server accepts any, and the real API never sees it (baseUrl points at the fake).
  env.ANTHROPIC_API_KEY = 'sk-ant-demo-key-for-the-local-fake-server';
  console.log(`Fake Anthropic server on ${settings['claudeChat.baseUrl']}`);
}

// A kept profile, so a key stored with "Set API Key" and your settings survive restarts.
const profile = path.join(cacheDir, demo ? 'demo-profile' : 'profile');
const server = await startCodeServer({
  port,
  folder,
  vsix: path.join(repoRoot, 'dist', 'claude-chat.vsix'),
  userDataDir: path.join(profile, 'data'),
  extensionsDir: path.join(profile, 'extensions'),
  settings,
  env,
});

console.log(`
VS Code with Claude Chat is running at ${server.url}
Open it in a browser, then click the Claude Chat icon in the activity bar${demo ? '' : ' and run "Claude Chat: Set API Key"'}.
${demo ? 'Answers come from the local fake server; put [scenario:slow], [scenario:thinking], [scenario:mid-stream-error]… in a message to try other cases.\nCode commands answer too: select code in a file, right-click → Claude → Explain, or Refactor to review a diff.\nTools: put [scenario:tools-demo] in a message and approve each card to see Claude read this folder.\n' : ''}It listens on 127.0.0.1 only, without a password. Press Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await fake?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.once('exit', (code) => {
  if (stopping) return;
  console.error(`code-server exited (${code}).`);
  void fake?.stop();
  process.exit(1);
});
