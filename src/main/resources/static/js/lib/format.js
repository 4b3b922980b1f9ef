// How the pages write times and numbers: one place, so every page shows them alike.

// Built once: toLocaleTimeString with options builds a new formatter on every call, which at
// 1,000 events/s (two calls per event, log and wire view) took half the page's main thread.
const TIME_OF_DAY = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** hh:mm:ss.mmm of an epoch-ms time (now by default), for logs and wire views. */
export function clockTime(ms = Date.now()) {
  const date = new Date(ms);
  return TIME_OF_DAY.format(date) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

/** A duration in ms: one decimal below 100, none above; a dash when there is none. */
export function formatMs(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '—';
  }
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** A figure for a JSON result: rounded to `digits` decimals, or null when it is not a number. */
export function round(value, digits = 2) {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
