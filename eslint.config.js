// Lint rules for every package, and the import boundaries that keep packages depending downward:
// core knows nothing of editors, servers or databases and reads no environment; the language server knows
// nothing of the backend; a server feature reaches another only through that feature's public file; every
// package declares what it imports (no leaning on a package another workspace happens to install).
import js from '@eslint/js';
import n from 'eslint-plugin-n';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports core may not make: it is shared by the server, the language server, the extension and the CLI. */
const NOT_IN_CORE = ['vscode', 'vscode-*', 'express', 'express-*', '@prisma/*', 'prisma', 'pg', 'pg-boss', '@trpc/*', '@electric-sql/*'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '.vscode-test/**',
      '**/.vscode-test/**',
      'server/src/generated/**',
      '**/.promptstack/**',
      'bench/results/**',
      'bench/**/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // An import resolves against the nearest package.json: undeclared, it only works while some other
    // workspace installs the package (and breaks the day that one drops or moves it).
    plugins: { n },
    rules: { 'n/no-extraneous-import': 'error' },
  },
  {
    // Tests read loosely typed JSON answers and reach into SDK internals on purpose.
    files: ['**/test/**/*.{ts,mjs}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The local provider reads and writes arbitrary wire JSON of three providers' APIs.
    files: ['core/src/local-provider/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A fixture extension written as plain CommonJS, as VS Code loads it.
    files: ['extension/test/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['extension/src/webviews/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NOT_IN_CORE, message: 'core is shared by every package: no editor, server or database imports' },
            { group: ['@promptstack/*'], message: 'core imports nothing of ours' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'core takes what it needs as arguments; only entry points read the environment' },
      ],
    },
  },
  {
    // The server's configuration is parsed once, in env.ts; everything else gets an Env.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/env.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration from the Env that env.ts parses' }],
    },
  },
  {
    files: ['language-server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@promptstack/server', '@promptstack/server/*', 'vscode', 'express', '@prisma/*'],
              message: 'the language server depends only on core and the LSP libraries',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.ts$)', message: "another feature's internals: import its public index.ts" }] },
      ],
    },
  },
);
