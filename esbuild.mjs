// Builds the extension bundle (Node, CommonJS, `vscode` external) and the webview bundle (browser) from shared
// options; `--tests` also builds the test and bench files into out/. Flags: --watch, --production, --tests.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/** Prints errors in the shape VS Code's `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const builds = [
  {
    ...shared,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...shared,
    entryPoints: { webview: 'src/webview-ui/main.ts', 'webview-style': 'media/chat.css' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

function listTests(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((file) => path.join(dir, String(file)))
    .filter((file) => pattern.test(file));
}

/** Unit tests run host classes in plain Node: their `import 'vscode'` resolves to the fake in test/fakes. */
const vscodeFake = {
  name: 'vscode-fake',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, () => ({ path: path.resolve('test/fakes/vscode.ts') }));
  },
};

if (withTests) {
  const testBuild = {
    ...shared,
    minify: false,
    sourcemap: true,
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Tests run against the real installed packages (the SDK, mocha, playwright), never bundled copies.
    packages: 'external',
  };
  builds.push(
    { ...testBuild, entryPoints: listTests('test/unit', /\.ts$/), plugins: [...shared.plugins, vscodeFake] },
    {
      ...testBuild,
      // Integration tests run inside a real extension host, which provides `vscode`.
      entryPoints: [...listTests('test', /\.ts$/).filter((file) => !file.startsWith(path.join('test', 'unit'))), ...listTests('bench', /\.ts$/)],
      external: ['vscode'],
    },
  );
}

const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  try {
    await Promise.all(contexts.map((context) => context.rebuild()));
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}
