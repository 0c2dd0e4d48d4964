import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Only functions/platform talks to the outside world (README.md, "Layout"): everything else
// receives these capabilities as arguments, so the core and the ML code stay pure.
const ioPackages = ['pg', 'pg-*', '@aws-sdk/*', 'onnxruntime-node', 'prom-client'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['functions/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioPackages,
              message: 'Only functions/platform may import I/O packages; receive the capability from it instead.',
            },
          ],
        },
      ],
    },
  },
);
