// What every client adapter needs, written once: where we are in the feed (the cursor),
// how long to wait before trying again (backoff with jitter), status changes reported once,
// and handing a parsed message to the page as an event or a gap notice.

import { serverNowMs } from '../metrics/clock.js';

/** The adapters' options with their defaults filled in; callbacks are optional. */
export function withDefaults(options = {}) {
  const ignore = () => {};
  return {
    feed: 'live',
    interval: 1000,
    ...options,
    onEvent: options.onEvent ?? ignore,
    onGap: options.onGap ?? ignore,
    onStatus: options.onStatus ?? ignore,
    onWire: options.onWire ?? null,
  };
}

/**
 * The resume point (epoch, after): the last seq we have, or the seq a gap notice told us
 * to continue after. null after = a new client, which starts with the latest event.
 * `start` ({ after, epoch }, from options.from) begins elsewhere, e.g. after: 0 for a whole
 * job from its first event, or where a reloaded page left off.
 */
export function createCursor(start = null) {
  let epoch = start?.epoch ?? null;
  let after = start?.after ?? null;
  return {
    get epoch() {
      return epoch;
    },
    get after() {
      return after;
    },
    moveTo(newEpoch, newAfter) {
      epoch = newEpoch;
      after = newAfter;
    },
    /** Follows an event or a gap notice. */
    advance(message) {
      if (message.type === 'gap') {
        epoch = message.epoch;
        after = message.resumeAfter;
      } else if (message.epoch !== epoch || after === null || message.seq > after) {
        epoch = message.epoch;
        after = message.seq;
      }
    },
    /** "after=N&epoch=E", or "" for a new client. */
    query() {
      if (after === null) {
        return '';
      }
      return `after=${after}` + (epoch ? `&epoch=${encodeURIComponent(epoch)}` : '');
    },
  };
}

/**
 * Exponential backoff with jitter, the one retry schedule of every adapter: the n-th retry
 * waits a random time between half and all of min(maxMs, baseMs * 2^n), so that a room full
 * of clients does not reconnect in step.
 *
 * goingAway() is for a server that said it is leaving (WebSocket close 1001 or 1013, HTTP
 * 503; SSE's own `retry:` is jittered by the server): it will not be back within a quarter
 * second, and every client heard it at the same instant, so the wait starts from a window of
 * goingAwayMs (by default 1-2 s) and grows from there.
 */
export function createBackoff({ baseMs = 250, maxMs = 8000, goingAwayMs = 2000, random = Math.random } = {}) {
  let attempt = 0;
  const goingAwayAttempt = Math.max(0, Math.ceil(Math.log2(goingAwayMs / baseMs)));
  const backoff = {
    next() {
      const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    },
    goingAway() {
      attempt = Math.max(attempt, goingAwayAttempt);
      return backoff.next();
    },
    reset() {
      attempt = 0;
    },
    get attempt() {
      return attempt;
    },
  };
  return backoff;
}

/** Calls onStatus only when the status really changes. */
export function createStatus(onStatus) {
  let current = null;
  return {
    set(status) {
      if (status !== current) {
        current = status;
        onStatus(status);
      }
    },
    get current() {
      return current;
    },
  };
}

/** Bytes of a string as UTF-8 (what travelled), cheap for the usual ASCII JSON. */
export function utf8Length(text) {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? new TextEncoder().encode(text).length : text.length;
}

/** Reports a wire message when the page listens for them. */
export function reportWire(options, kind, text) {
  if (options.onWire) {
    options.onWire({ kind, text, bytes: utf8Length(text), atMs: serverNowMs() });
  }
}

/**
 * Hands one parsed message (event or gap notice) to the page and moves the cursor.
 * receivedAtMs is on the server's clock (see metrics/clock.js), like the event's ts.
 */
export function deliver(options, cursor, message, rawText, receivedAtMs) {
  cursor.advance(message);
  if (message.type === 'gap') {
    options.onGap(message);
  } else {
    options.onEvent(message, rawText, receivedAtMs);
  }
}

/** A random id for this page, so the server can count polling clients (no secure context needed). */
export function randomClientId() {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}
