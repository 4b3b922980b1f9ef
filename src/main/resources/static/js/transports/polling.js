// Short polling: ask "anything after N?" every `interval` ms; the answer comes at once,
// often empty. An answer cut at the server's batch limit says `more: true`: ask again at
// once, or a fast feed leaves the page one batch further behind every interval. Long
// polling (long-polling.js) is the same loop with wait=S, where the server holds the
// request until there is something to say.
//
// connect(options) -> { close(), drop(), setInterval(ms) }; options: see resume.js withDefaults
// and README "Pages". drop() breaks the request in flight (or the pause between two) and the
// loop recovers from its cursor; setInterval takes effect at once, also for a pause under way.

import { serverNowMs } from '../metrics/clock.js';
import { authHeaders } from '../lib/token.js';
import {
  createBackoff, createCursor, createStatus, deliver, randomClientId, reportWire, withDefaults,
} from './resume.js';

export function connect(options) {
  return startPolling(options, { waitSeconds: 0 });
}

function eventsUrl(feed, cursor, waitSeconds, client) {
  const resume = cursor.query();
  return `/api/feeds/${encodeURIComponent(feed)}/events?${resume ? resume + '&' : ''}wait=${waitSeconds}&client=${client}`;
}

/** One request; resolves to { status, ok, text, receivedAt, answer } (answer: parsed when ok). */
async function request(options, url, signal) {
  const response = await fetch(url, { cache: 'no-store', signal, headers: await authHeaders(options.feed) });
  const text = await response.text();
  const receivedAt = serverNowMs();
  reportWire(options, `HTTP ${response.status}`, text);
  return { status: response.status, ok: response.ok, text, receivedAt, answer: response.ok ? JSON.parse(text) : null };
}

/** Hands an answer's gap notice and events to the page and moves the cursor on. */
function handOver(options, cursor, { answer, text, receivedAt }) {
  if (answer.gap) {
    deliver(options, cursor, answer.gap, text, receivedAt);
  }
  for (const event of answer.events) {
    deliver(options, cursor, event, text, receivedAt);
  }
  // `next` is where to continue even when the answer was empty
  cursor.moveTo(answer.epoch, answer.next);
}

/** The polling loop; waitSeconds 0 = short polling, 1..30 = long polling. */
export function startPolling(rawOptions, { waitSeconds }) {
  const options = withDefaults(rawOptions);
  const cursor = createCursor(options.from);
  const backoff = createBackoff();
  const status = createStatus(options.onStatus);
  const client = randomClientId();
  let inFlight = null;
  let timer = 0;
  let pausing = false;
  let startedAt = 0;
  let stopped = false;

  async function poll() {
    pausing = false;
    inFlight = new AbortController();
    startedAt = performance.now();
    try {
      const reply = await request(options, eventsUrl(options.feed, cursor, waitSeconds, client), inFlight.signal);
      if (!reply.ok) {
        retry(reply.status === 503 ? backoff.goingAway() : backoff.next());
        return;
      }
      status.set('open');
      backoff.reset();
      handOver(options, cursor, reply);
      pause(reply.answer.more);
    } catch {
      retry(backoff.next());
    } finally {
      inFlight = null;
    }
  }

  /** Until the next request: none for long polling or after a cut answer, the rest of the interval for short. */
  function pause(more = false) {
    schedule(waitSeconds > 0 || more ? 0 : Math.max(0, options.interval - (performance.now() - startedAt)));
    pausing = !stopped;
  }

  function retry(delayMs) {
    if (!stopped) {
      status.set('reconnecting');
      schedule(delayMs);
    }
  }

  function schedule(delayMs) {
    clearTimeout(timer);
    if (!stopped) {
      timer = setTimeout(poll, delayMs);
    }
  }

  status.set('connecting');
  poll();

  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      status.set('closed');
    },
    drop() {
      if (inFlight) {
        inFlight.abort();
      } else {
        pausing = false;
        retry(backoff.next());
      }
    },
    setInterval(ms) {
      options.interval = ms;
      if (pausing) {
        pause();
      }
    },
  };
}
