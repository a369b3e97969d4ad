import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // One public entry per package, no barrels that re-export everything (ARCHITECTURE.md at the
      // repository root, "Conventions worth following").
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name what you export: no `export *`.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
