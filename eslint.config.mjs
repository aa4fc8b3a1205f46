import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Only src/api talks to the SDK.
    files: ['src/**/*.ts'],
    ignores: ['src/api/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['@anthropic-ai/sdk'], patterns: ['@anthropic-ai/sdk/*'] }],
    },
  },
  {
    // Host code runs in Node: DOM globals exist only in src/webview-ui.
    files: ['src/**/*.ts'],
    ignores: ['src/webview-ui/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'requestAnimationFrame'],
    },
  },
  {
    // The data path reads straight through (command or webview → conversations → api); nothing reaches back up a
    // layer: services never import the webview, command or editor layers, nor the webview's DOM code.
    files: ['src/api/**/*.ts', 'src/auth/**/*.ts', 'src/config/**/*.ts', 'src/conversations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [],
          patterns: [
            { group: ['**/webview/*', '**/webview'], message: 'Host services never import the webview layer.' },
            { group: ['**/webview-ui/*', '**/webview-ui/**'], message: 'DOM code belongs to the webview bundle.' },
            { group: ['**/commands/*', '**/commands'], message: 'Host services never import the command layer.' },
            { group: ['**/editor/*'], message: 'Host services never import the editor layer.' },
          ],
        },
      ],
    },
  },
  {
    // Only src/api talks to the SDK (repeated here: the rule above replaces the earlier one for these files).
    files: ['src/auth/**/*.ts', 'src/config/**/*.ts', 'src/conversations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@anthropic-ai/sdk'],
          patterns: [
            { group: ['@anthropic-ai/sdk/*'], message: 'Only src/api uses the SDK.' },
            { group: ['**/webview/*', '**/webview'], message: 'Host services never import the webview layer.' },
            { group: ['**/webview-ui/*', '**/webview-ui/**'], message: 'DOM code belongs to the webview bundle.' },
            { group: ['**/commands/*', '**/commands'], message: 'Host services never import the command layer.' },
            { group: ['**/editor/*'], message: 'Host services never import the editor layer.' },
          ],
        },
      ],
    },
  },
  {
    // The shared zone is imported by both bundles and by plain-Node tests: no editor API, no DOM.
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', '@anthropic-ai/sdk'], patterns: ['../*', '@anthropic-ai/sdk/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process'],
    },
  },
  {
    files: ['src/webview-ui/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', '@anthropic-ai/sdk'], patterns: ['@anthropic-ai/sdk/*', '../api/*', '../auth/*', '../config/*', '../conversations/*', '../commands/*', '../webview/*'] }],
    },
  },
  {
    files: ['**/*.mjs', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
