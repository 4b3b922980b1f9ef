// Short polling: ask "anything after N?" every `interval` ms; the answer comes at once,
// often empty. Long polling (long-polling.js) is the same loop with wait=S, where the
// server holds the request until there is something to say.
//
// connect(options) -> { close(), drop(), setInterval(ms) }; options: see resume.js withDefaults
// and README "Pages". The interval is read before every request, so it can change live.

import { serverNowMs } from '../metrics/clock.js';
import {
  createBackoff, createCursor, createStatus, deliver, randomClientId, reportWire, withDefaults,
} from './resume.js';

export function connect(options) {
  return startPolling(options, { waitSeconds: 0 });
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
  let stopped = false;

  async function poll() {
    timer = 0;
    inFlight = new AbortController();
    const startedAt = performance.now();
    const resume = cursor.query();
    const url = `/api/feeds/${encodeURIComponent(options.feed)}/events?${resume ? resume + '&' : ''}`
      + `wait=${waitSeconds}&client=${client}`;
    try {
      const response = await fetch(url, { cache: 'no-store', signal: inFlight.signal });
      const text = await response.text();
      const receivedAt = serverNowMs();
      reportWire(options, `HTTP ${response.status}`, text);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const answer = JSON.parse(text);
      status.set('open');
      backoff.reset();
      if (answer.gap) {
        deliver(options, cursor, answer.gap, text, receivedAt);
      }
      for (const event of answer.events) {
        deliver(options, cursor, event, text, receivedAt);
      }
      // `next` is where to continue even when the answer was empty
      cursor.moveTo(answer.epoch, answer.next);
      const pause = waitSeconds > 0 ? 0 : Math.max(0, options.interval - (performance.now() - startedAt));
      schedule(pause);
    } catch (error) {
      if (!stopped) {
        status.set('reconnecting');
        schedule(backoff.next());
      }
    } finally {
      inFlight = null;
    }
  }

  function schedule(delayMs) {
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
    /** Breaks the request in flight (or the pause between two): the loop recovers from its cursor. */
    drop() {
      if (stopped) {
        return;
      }
      if (inFlight) {
        inFlight.abort();
      } else {
        clearTimeout(timer);
        status.set('reconnecting');
        schedule(backoff.next());
      }
    },
    setInterval(ms) {
      options.interval = ms;
      if (rawOptions) {
        rawOptions.interval = ms;
      }
    },
  };
}
