// ESLint for the front end's ES modules (no build step: they run in the browser as they are).
// Run by Maven before the tests (pom.xml, profile eslint); by hand: npm install && npx eslint src/main/resources/static/js
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['src/main/resources/static/js/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.browser,
    },
    rules: {
      ...js.configs.recommended.rules,
      // each call builds a new Intl formatter: at 1,000 events/s it took half the main thread
      // (docs/results/README.md); format through lib/format.js, which builds one
      'no-restricted-properties': ['error',
        ...['toLocaleTimeString', 'toLocaleDateString', 'toLocaleString'].map((property) => ({
          property, message: 'Use a formatter built once (lib/format.js): this one is rebuilt on every call.',
        }))],
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
];
