// Flat config. The layering rules here back up src/sim/tsconfig.json: the core stays pure and deterministic.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const simImportBans = {
  paths: [
    { name: 'svelte', message: 'src/sim is pure: no Svelte.' },
    { name: 'comlink', message: 'src/sim is pure: no worker API.' },
    { name: 'd3-selection', message: 'src/sim is pure: no DOM.' },
    { name: 'd3', message: 'src/sim may import d3 sub-modules (d3-array), never all of d3.' },
  ],
  patterns: [
    { group: ['svelte/*', 'd3-selection/*'], message: 'src/sim is pure: no Svelte, no DOM.' },
    { group: ['**/ui/**', '**/workers/**', '**/cli/**', '../ui', '../workers', '../cli'], message: 'Imports flow ui → workers → sim, never back.' },
    { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'crypto'], message: 'src/sim runs in the browser worker too: no Node modules.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['src/sim/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', simImportBans],
      'no-restricted-globals': [
        'error',
        { name: 'performance', message: 'src/sim has no clock: time is simulated minutes.' },
        { name: 'Date', message: 'src/sim has no clock: time is simulated minutes.' },
        { name: 'window', message: 'src/sim is pure: no DOM.' },
        { name: 'self', message: 'src/sim is pure: no worker API.' },
        { name: 'postMessage', message: 'src/sim is pure: no worker API.' },
        { name: 'setTimeout', message: 'src/sim is pure: no timers.' },
        { name: 'process', message: 'src/sim is pure: no Node.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a named seeded stream (streams.ts): results must be reproducible.' },
        // Math's transcendental functions differ in the last bit between V8 versions (Node 20 vs the browser):
        // src/sim uses detMath.ts, so a seed gives bit-identical results in Node and in the browser worker.
        ...['exp', 'log', 'log1p', 'expm1', 'pow', 'tan', 'sin', 'cos', 'atan', 'atan2', 'asin', 'acos', 'sinh', 'cosh', 'tanh', 'cbrt', 'log2', 'log10', 'hypot'].map(
          (property) => ({ object: 'Math', property, message: `Math.${property} differs between V8 versions: use detMath.ts (bit-identical in Node and browsers).` }),
        ),
        { object: 'Date', property: 'now', message: 'src/sim has no clock.' },
        { object: 'globalThis', property: 'performance', message: 'src/sim has no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'src/sim has no clock.' },
        { selector: "BinaryExpression[operator='**']", message: '** is Math.pow, which differs between V8 versions: use detMath.pow.' },
      ],
    },
  },
);
