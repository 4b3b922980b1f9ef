// SSE over fetch: POST /api/feeds/{id}/stream with a JSON body, read response.body as it
// arrives, and parse the same text/event-stream that EventSource reads (sse-parser.js). This
// is how streaming APIs are read in a browser: EventSource can only GET and sets no header
// but Last-Event-ID, so a request with a body or an Authorization header needs fetch.
//
// What EventSource does for free, and where this file does it by hand:
//   parse the stream (id:, event:, data:, retry:, comments) ..... sse-parser.js
//   remember the last id: and send it as Last-Event-ID .......... parser.lastEventId, post()
//   wait the server's retry: before reconnecting ................ serverRetry, open()
//   reconnect when the stream ends or breaks .................... reconnect()
//   dispatch named events (gap, shutdown, auth-expired) ......... handleFrame()
// What fetch gives that EventSource does not: any method, body and header; the HTTP status
// of a refusal (EventSource only says "error" and gives up for good); our own backoff
// (createBackoff in resume.js, jittered like every adapter) after errors; abort at will.
// A private feed: the token travels as Authorization: Bearer (lib/token.js), which neither
// EventSource nor WebSocket can send. When it expires the server ends the stream with
// `auth-expired`; we come back at once with a fresh token and Last-Event-ID, as sse.js does
// with a new EventSource. A 401 (the token refused) also takes a fresh one, after the backoff.

import { serverNowMs } from '../metrics/clock.js';
import { authHeaders } from '../lib/token.js';
import { createBackoff, createCursor, createStatus, deliver, reportWire, withDefaults } from './resume.js';
import { createSseParser } from './sse-parser.js';

/** The request: a JSON body (the feed takes no options yet), the resume point and the token as headers. */
async function post(feed, lastEventId, signal, freshToken) {
  const headers = {
    'Content-Type': 'application/json', Accept: 'text/event-stream',
    ...await authHeaders(feed, { fresh: freshToken }),
  };
  if (lastEventId) {
    headers['Last-Event-ID'] = lastEventId;
  }
  return fetch(`/api/feeds/${encodeURIComponent(feed)}/stream`, {
    method: 'POST', headers, body: '{}', cache: 'no-store', signal,
  });
}

/** Hands the body to the parser as it arrives; resolves when the server ends the stream. */
async function readAll(response, parser) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    parser.push(chunk.value);
  }
}

/** Hands a frame to the page; true for the server's auth-expired notice (a private feed's token expired). */
function handleFrame(options, cursor, backoff, frame) {
  const receivedAt = serverNowMs();
  reportWire(options, frame.event, frame.raw);
  if (frame.event === 'message' || frame.event === 'gap') {
    backoff.reset();
    deliver(options, cursor, JSON.parse(frame.data), frame.raw, receivedAt);
  }
  return frame.event === 'auth-expired';
}

/** Where a reloaded page or a job view starts; from then on the server's id: lines say. */
function startId(cursor) {
  return cursor.after === null ? '' : (cursor.epoch ? `${cursor.epoch}:` : '') + cursor.after;
}

export function connect(rawOptions) {
  const options = withDefaults(rawOptions);
  const cursor = createCursor(options.from);
  const backoff = createBackoff();
  const status = createStatus(options.onStatus);
  let serverRetry = null;
  let freshToken = false; // the server said auth-expired or refused the token: take a new one
  let request = null;
  let timer = 0;
  let stopped = false;

  const parser = createSseParser({
    onFrame: (frame) => {
      if (handleFrame(options, cursor, backoff, frame)) {
        freshToken = true; // auth-expired: the server ends the stream now
      }
    },
    onRetry: (ms) => {
      serverRetry = ms;
      reportWire(options, 'retry', `retry: ${ms}\n\n`);
    },
    onComment: (text) => reportWire(options, 'comment', `: ${text}\n\n`),
    lastEventId: startId(cursor),
  });

  async function open() {
    request = new AbortController();
    parser.reset();
    let response = null;
    const fresh = freshToken;
    freshToken = false;
    try {
      response = await post(options.feed, parser.lastEventId, request.signal, fresh);
      if (!response.ok) {
        freshToken = response.status === 401;
        // unlike EventSource we see the status and its problem+json, and keep trying
        reportWire(options, `HTTP ${response.status}`, await response.text());
        return reconnect(response.status === 503 ? backoff.goingAway() : backoff.next());
      }
      status.set('open');
      await readAll(response, parser);
      reportWire(options, 'close', 'the server ended the stream');
    } catch (error) {
      if (stopped) {
        return undefined;
      }
      reportWire(options, 'close', request.signal.aborted ? 'dropped on purpose' : `network error: ${error.message}`);
    }
    // after auth-expired at once; a stream that was open after the server's retry:, as EventSource would
    return reconnect(freshToken ? 0 : (response?.ok && serverRetry !== null ? serverRetry : backoff.next()));
  }

  function reconnect(delayMs) {
    request = null;
    if (!stopped) {
      status.set('reconnecting');
      timer = setTimeout(open, delayMs);
    }
  }

  status.set('connecting');
  open();

  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      request?.abort();
      status.set('closed');
    },
    drop() { // as if the network broke: the loop resumes with Last-Event-ID
      if (!stopped && request) {
        status.set('reconnecting');
        request.abort();
      }
    },
  };
}
