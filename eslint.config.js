// Lint: typescript-eslint's recommended type-aware rules on the project's own code.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'artifacts/', 'test-results/', 'playwright-report/'] },
  // Written against the stack contract (scripts/contract/, branch issue-10): type-checked
  // and linted once that lands and tsconfig.json includes examples/.
  { ignores: ['examples/*/ephemeral.config.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Component methods are async by contract, whether or not a given one awaits.
      '@typescript-eslint/require-await': 'off',
      // `await using _lock = ...` holds a resource for its scope without reading it.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
