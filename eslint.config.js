// Lint: typescript-eslint's recommended rules over the code and tests. Formatting is Prettier's (package.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Browser tests and benchmarks evaluate code in pages and extension pages, whose globals (chrome,
    // browser, the page's own) have no types there.
    files: ['tests/e2e/**', 'tests/bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // Unused names are the compiler's (noUnusedLocals / noUnusedParameters); `_`-prefixed ones are meant.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
