// `npm test`: type-check, lint, build, package, then the three suites (unit in plain Node, integration inside a real
// VS Code extension host, webview in a real browser). Prints a count line per suite and a total, and fails if any
// suite fails or runs no test: a suite that ran nothing proves nothing.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRuntime } from './runtime/install.mjs';
import { ensureDebianPackages } from './runtime/systemPackages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');

function run(label, command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`\n=== ${label}\n`);
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const forward = (stream) => (chunk) => {
      if (capture) output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

function counts(output) {
  const read = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(output)?.[1] ?? 0);
  return { passed: read('passing'), failed: read('failing'), pending: read('pending') };
}

const steps = [
  ['type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['type-check (webview)', 'npx', ['tsc', '--noEmit', '-p', 'src/webview-ui/tsconfig.json']],
  ['type-check (browser tests and benches)', 'npx', ['tsc', '--noEmit', '-p', 'test/webview/tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
  ['build tests', 'node', ['esbuild.mjs', '--tests']],
  ['package', 'npm', ['run', '-s', 'package']],
];
for (const [label, command, args] of steps) {
  const { code } = await run(label, command, args);
  if (code !== 0) {
    console.error(`\n${label} failed (exit ${code})`);
    process.exit(1);
  }
}
ensureRuntime();
// The API inspector's tests run its copied curl command and parse its Python snippet.
const missingTools = ['curl', 'python3'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
if (missingTools.length > 0) ensureDebianPackages(missingTools, "the API inspector's snippet tests");

const suites = [
  ['unit', 'node', [mocha, '--no-color', '--reporter', 'spec', 'out/test/unit/**/*.test.js']],
  ['integration', 'node', ['test/integration/runInHost.mjs']],
  ['webview', 'node', [mocha, '--no-color', '--reporter', 'spec', 'out/test/webview/**/*.test.js']],
];
const results = [];
for (const [label, command, args] of suites) {
  const { code, output, seconds } = await run(`${label} tests`, command, args, { capture: true });
  results.push({ label, code, seconds, ...counts(output) });
}

console.log('\n=== summary');
let ok = true;
for (const { label, code, passed, failed, pending, seconds } of results) {
  const problems = [];
  if (code !== 0) problems.push(`exit ${code}`);
  if (passed === 0) problems.push('ran no test');
  if (pending > 0) problems.push(`${pending} skipped`);
  if (problems.length > 0 || failed > 0) ok = false;
  console.log(`${label}: ${passed} passed, ${failed} failed${problems.length ? ` (${problems.join(', ')})` : ''} in ${seconds.toFixed(1)} s`);
}
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed }), { passed: 0, failed: 0 });
console.log(`total: ${total.passed} passed, ${total.failed} failed`);
process.exit(ok ? 0 : 1);
