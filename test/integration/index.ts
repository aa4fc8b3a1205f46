import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** Entry point the extension host calls (extensionTestsPath): runs every *.test.js beside this file. */
export async function run(): Promise<void> {
  // INTEGRATION_GREP (passed through by runInHost.mjs) runs only the matching tests while working on one file.
  const grep = process.env.INTEGRATION_GREP || undefined;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // The extension host's console is forwarded as plain text; escape codes would only garble it.
  Mocha.reporters.Base.useColors = false;
  // extension.test.js first: it checks that nothing activated the extension before it.
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  files.sort((a, b) => Number(b === 'extension.test.js') - Number(a === 'extension.test.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
