// Lint: typescript-eslint's recommended rules over every project, and Nx's module boundaries over the project
// tags (docs/CONVENTIONS.md "Ownership"). Type errors are `npm run typecheck`.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Which kind of project may import which (Nx tags `type:*`). A stack imports libraries, namespaces (`type:config`)
 * and contracts, never another stack's program; libraries import only libraries; tools may also use namespaces,
 * contracts and other tools. The generated ESC definition projects hold YAML only.
 */
const PROGRAM_BOUNDARIES = [
  { sourceTag: 'type:stack', onlyDependOnLibsWithTags: ['type:lib', 'type:config', 'type:contract', 'type:esc-definitions'] },
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:lib', 'type:config'] },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:lib', 'type:config', 'type:contract'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:config', 'type:contract', 'type:tool'] },
  { sourceTag: 'type:esc-definitions', onlyDependOnLibsWithTags: [] },
];
const boundaries = (depConstraints) => ({
  '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints, enforceBuildableLibDependency: false, checkDynamicDependenciesExceptions: [] }],
});
/** Tests may also start the sandbox's emulators and use the test kits (tools). */
const TEST_BOUNDARIES = PROGRAM_BOUNDARIES.map((c) => ({ ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:tool', 'type:lib'])] }));
const TEST_FILES = ['**/*.test.ts', '**/testing/**', '**/test-support.ts', '**/test-fixtures.ts'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/__fixtures__/**', 'coverage/**', 'tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Pulumi programs use `export =` and CommonJS shims require modules lazily (dynamic providers).
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: boundaries(PROGRAM_BOUNDARIES),
  },
  {
    files: TEST_FILES,
    plugins: { '@nx': nx },
    rules: boundaries(TEST_BOUNDARIES),
  },
  {
    // Tests poke at untyped JSON from emulators and plans; `any` there is deliberate and local.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
