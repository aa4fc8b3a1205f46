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
