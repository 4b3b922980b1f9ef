// UI strings for the Vue components come from the same message bundles as the templates:
// the layout puts the "js.*" keys, already in the page's language, into a JSON script element.

const element = document.getElementById('ui-messages');
const messages = element ? JSON.parse(element.textContent) : {};

/** The page's language (en, ru), from <html lang>. */
export const locale = document.documentElement.lang || 'en';

/** The message for `key` ("js." may be omitted), with {0}, {1}... replaced by args. */
export function t(key, ...args) {
  let text = messages[key] ?? messages[`js.${key}`] ?? key;
  args.forEach((arg, index) => {
    text = text.replaceAll(`{${index}}`, String(arg));
  });
  return text;
}
