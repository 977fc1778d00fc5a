// ESLint flat config. One rule here is architecture, not taste: only files under a
// `host/` folder (and the activation entry point and the VS Code suite) may import `vscode`.
// Everything else is the engine, shared by the CLI and the extension, and unit-tested in
// plain Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'build/**', '.cache/**', 'test-results/**', 'samples/**/node_modules/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only extension/**/host/** may use the VS Code API; keep the engine vscode-free.' }] }],
    },
  },
  {
    files: ['extension/extension.ts', 'extension/**/host/**/*.ts', 'test/suite/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
