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
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
];
