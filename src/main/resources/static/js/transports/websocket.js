// WebSocket: one socket, one text frame per event (or a gap notice, "type":"gap").
// Recovery is ours to do: on close we reconnect with exponential backoff and jitter and
// resume from the last seq with ?after=N&epoch=E, so nothing inside the replay window is lost.
// A private feed: the lab_token cookie carries the token (lib/token.js); when it expires the
// server closes with 4001 and we come back at once with a fresh one.

import { serverNowMs } from '../metrics/clock.js';
import { tokenFor } from '../lib/token.js';
import { createBackoff, createCursor, createStatus, deliver, reportWire, withDefaults } from './resume.js';

/** Our own close code for "dropped on purpose" (4000-4999 are free for applications). */
const DROPPED = 4000;
/** The server is leaving (1001) or full (1013, try again later): come back spread out. */
const GOING_AWAY = [1001, 1013];
/** The server's close when the token of a private feed expired. */
const TOKEN_EXPIRED = 4001;

export function connect(rawOptions) {
  const options = withDefaults(rawOptions);
  const cursor = createCursor(options.from);
  const backoff = createBackoff();
  const status = createStatus(options.onStatus);
  let socket = null;
  let timer = 0;
  let stopped = false;

  async function open({ freshToken = false } = {}) {
    timer = 0;
    await tokenFor(options.feed, { fresh: freshToken }).catch(() => null); // a failure ends in 401: retried
    if (stopped) {
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const resume = cursor.query();
    socket = new WebSocket(`${scheme}://${location.host}/ws/feeds/${encodeURIComponent(options.feed)}`
      + (resume ? `?${resume}` : ''));
    socket.onopen = () => status.set('open');
    socket.onmessage = (message) => {
      const receivedAt = serverNowMs();
      reportWire(options, 'frame', message.data);
      // reset only once data flows, so a server that accepts and closes at once is not hammered
      backoff.reset();
      deliver(options, cursor, JSON.parse(message.data), message.data, receivedAt);
    };
    socket.onclose = (close) => {
      socket = null;
      reportWire(options, 'close', `close ${close.code}${close.reason ? ' ' + close.reason : ''}`);
      if (stopped) {
        return;
      }
      status.set('reconnecting');
      if (close.code === TOKEN_EXPIRED) {
        open({ freshToken: true });
        return;
      }
      timer = setTimeout(open, GOING_AWAY.includes(close.code) ? backoff.goingAway() : backoff.next());
    };
    // an error is always followed by a close, which does the work
    socket.onerror = () => {};
  }

  status.set('connecting');
  open();

  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000, 'client closed');
      status.set('closed');
    },
    /** Closes the socket as if the network broke; onclose reconnects and resumes. */
    drop() {
      if (!stopped && socket) {
        socket.close(DROPPED, 'dropped on purpose');
      }
    },
  };
}
