// Lint rules, with the import boundaries that keep the layers apart:
// - renderer/ never imports electron/ (it talks to the backend only through the API);
// - shared/ imports neither Node built-ins nor electron/ (pure code, runs everywhere);
// - only electron/main and electron/preload import 'electron'.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'url',
  'util',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'electron/backend/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: "Only electron/main and electron/preload import 'electron'.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/backend/**', 'scripts/**', 'tests/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no Electron.' }],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'shared/ is pure: no Node built-ins (it runs in the renderer too).',
            },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ depends on nothing but libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the backend through window.api only.',
            },
          ],
          patterns: [
            {
              group: ['**/electron/**'],
              message:
                'renderer/ never imports electron/: use the typed API (renderer/src/lib/api.ts).',
            },
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node built-ins.' },
          ],
        },
      ],
    },
  },
);
