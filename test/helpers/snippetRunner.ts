import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

/**
 * Runs the API inspector's copied snippets as a user would: curl through bash, the TypeScript one type-checked
 * against the installed SDK's types and run with Node, the Python one parsed and run (against a stub `anthropic`
 * package that prints what it was asked to send). Every child runs asynchronously, so a fake server in this process
 * keeps answering it.
 */

/** The repository root: the nearest folder up with a package.json (tests run from a bundle somewhere in out/). */
export const REPOSITORY_ROOT = nearestPackageFolder(__dirname);

function nearestPackageFolder(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A child that exits without reading its input (bash stopped by a missing variable) must not fail the test.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** The environment without any ANTHROPIC_* variable of the machine's, plus `extra`. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ANTHROPIC_')));
  return { ...environment, ...extra };
}

/** A scratch folder whose node_modules is the repository's, so a snippet's `@anthropic-ai/sdk` is the installed one. */
export async function snippetFolder(): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-snippet-'));
  await fs.symlink(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  return folder;
}

let previousProgram: ts.Program | undefined;

/** tsc's errors for `source` as a strict TypeScript file in `folder`, checked against the SDK's and Node's types. */
export async function typeErrors(folder: string, name: string, source: string): Promise<string[]> {
  const file = path.join(folder, name);
  await fs.writeFile(file, source);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    skipLibCheck: true,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [path.join(REPOSITORY_ROOT, 'node_modules', '@types')],
  };
  // The previous program's parsed files (the SDK's and Node's types) are reused: checking takes a second, not ten.
  const program = ts.createProgram({ rootNames: [file], options, oldProgram: previousProgram });
  previousProgram = program;
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** Compiles the TypeScript snippet in `folder` to CommonJS with esbuild and runs it with Node. */
export async function runTypeScript(folder: string, name: string, source: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const compiled = await esbuild.transform(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20' });
  const file = path.join(folder, name.replace(/\.ts$/, '.cjs'));
  await fs.writeFile(file, compiled.code);
  return run(process.execPath, [file], { env, cwd: folder });
}

/**
 * A stand-in for the `anthropic` Python package: its client prints, as JSON, the options it was made with, which
 * method was called and the keyword arguments it got, which is exactly what the real SDK would send.
 */
const PYTHON_STUB = `import json


class _Message:
    def __init__(self, body):
        self._body = body

    def to_json(self):
        return json.dumps(self._body)


class _Stream:
    def __init__(self, body):
        self._body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def get_final_message(self):
        return _Message(self._body)


class _Messages:
    def __init__(self, options):
        self._options = options

    def create(self, **kwargs):
        return _Message({"client": self._options, "method": "create", "params": kwargs})

    def stream(self, **kwargs):
        return _Stream({"client": self._options, "method": "stream", "params": kwargs})


class Anthropic:
    def __init__(self, **options):
        self.messages = _Messages(options)
`;

/** Runs the Python snippet with the stub package first on the path; its stdout is the stub's JSON. */
export async function runPythonAgainstStub(folder: string, source: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const stub = path.join(folder, 'python-stub', 'anthropic');
  await fs.mkdir(stub, { recursive: true });
  await fs.writeFile(path.join(stub, '__init__.py'), PYTHON_STUB);
  const file = path.join(folder, 'snippet.py');
  await fs.writeFile(file, source);
  return run('python3', [file], { env: { ...env, PYTHONPATH: path.dirname(stub), PYTHONIOENCODING: 'utf-8' }, cwd: folder });
}

/** The text of every text_delta in a server-sent event stream, joined, and the stop reason. */
export function streamedAnswer(events: string): { text: string; stopReason: string | undefined } {
  let text = '';
  let stopReason: string | undefined;
  for (const line of events.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = JSON.parse(line.slice('data: '.length)) as { type: string; delta?: { type?: string; text?: string; stop_reason?: string } };
    if (data.type === 'content_block_delta' && data.delta?.type === 'text_delta') text += data.delta.text ?? '';
    if (data.type === 'message_delta') stopReason = data.delta?.stop_reason;
  }
  return { text, stopReason };
}
