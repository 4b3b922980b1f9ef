// Long polling: the polling loop of polling.js with wait=25, so the server holds each
// request until an event exists (or 25 s pass) and the next request leaves at once.
// Under the server's 30 s limit and under typical 30-60 s proxy idle timeouts.

import { startPolling } from './polling.js';

export const WAIT_SECONDS = 25;

export function connect(options) {
  return startPolling(options, { waitSeconds: WAIT_SECONDS });
}
