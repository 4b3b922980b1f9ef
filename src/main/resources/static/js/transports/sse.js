// Server-Sent Events: the browser's EventSource does the recovery. When the stream breaks
// it waits `retry:` ms, reconnects by itself and sends Last-Event-ID (EPOCH:SEQ), and the
// server continues after it. Only when EventSource gives up for good (an HTTP error, or a
// drop on purpose) do we open a new one, resuming with ?after=N&epoch=E. After the server's
// `shutdown` notice EventSource comes back after the server's own jittered `retry:`.
// A private feed: the lab_token cookie carries the token (lib/token.js). When it expires the
// server ends the stream with `auth-expired`; we close the EventSource at once (its own
// reconnect would carry the dead cookie, get 401, and EventSource gives up for good on any
// HTTP error), fetch a fresh token, and open a new one from our cursor.

import { serverNowMs } from '../metrics/clock.js';
import { tokenFor } from '../lib/token.js';
import { createBackoff, createCursor, createStatus, deliver, reportWire, withDefaults } from './resume.js';

// EventSource hides the raw text; rebuild the frame that travelled for the wire view
function frameText(message, type) {
  return (message.lastEventId ? `id: ${message.lastEventId}\n` : '')
    + (type ? `event: ${type}\n` : '') + `data: ${message.data}\n\n`;
}

export function connect(rawOptions) {
  const options = withDefaults(rawOptions);
  const cursor = createCursor(options.from);
  const backoff = createBackoff();
  const status = createStatus(options.onStatus);
  let source = null;
  let timer = 0;
  let stopped = false;

  function onData(message, type) {
    const receivedAt = serverNowMs();
    const text = options.onWire ? frameText(message, type) : message.data;
    reportWire(options, type ?? 'message', text);
    backoff.reset();
    deliver(options, cursor, JSON.parse(message.data), text, receivedAt);
  }

  async function open({ freshToken = false } = {}) {
    timer = 0;
    await tokenFor(options.feed, { fresh: freshToken }).catch(() => null); // a failure ends in 401: retried
    if (stopped) {
      return;
    }
    const resume = cursor.query();
    source = new EventSource(`/api/feeds/${encodeURIComponent(options.feed)}/stream` + (resume ? `?${resume}` : ''));
    source.onopen = () => status.set('open');
    source.onmessage = (message) => onData(message, null);
    source.addEventListener('gap', (message) => onData(message, 'gap'));
    source.addEventListener('shutdown', (message) => reportWire(options, 'shutdown', frameText(message, 'shutdown')));
    source.addEventListener('auth-expired', (message) => {
      reportWire(options, 'auth-expired', frameText(message, 'auth-expired'));
      source.close();
      status.set('reconnecting');
      open({ freshToken: true });
    });
    source.addEventListener('feed-removed', (message) => reportWire(options, 'feed-removed', frameText(message, 'feed-removed')));
    source.onerror = () => {
      if (stopped) {
        return;
      }
      status.set('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // EventSource gave up (HTTP error): start over ourselves, from our cursor
        reopenLater();
      }
      // otherwise readyState is CONNECTING: EventSource retries with Last-Event-ID by itself
    };
  }

  function reopenLater() {
    source?.close();
    source = null;
    clearTimeout(timer);
    timer = setTimeout(open, backoff.next());
  }

  status.set('connecting');
  open();

  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      status.set('closed');
    },
    /** Closes the stream; a new EventSource resumes from the last seq. */
    drop() {
      if (!stopped && source) {
        reportWire(options, 'close', 'dropped on purpose');
        status.set('reconnecting');
        reopenLater();
      }
    },
  };
}
