// The five transports, named once for every page: key (URL path, API name), label (message
// bundle key), colour (a CSS custom property of lab.css, which the server-rendered overview
// needs too) and client adapter. Add a transport here and every page offers it.

import { t } from '../lib/i18n.js';
import * as polling from './polling.js';
import * as longPolling from './long-polling.js';
import * as websocket from './websocket.js';
import * as sse from './sse.js';
import * as fetchSse from './fetch.js';

/**
 * In the order the pages show them. `upgrade`: the connection starts as an HTTP/1.1 request
 * that is upgraded to another protocol (no HTTP version of its own to show).
 */
export const TRANSPORTS = Object.freeze([
  { key: 'polling', adapter: polling, upgrade: false },
  { key: 'long-polling', adapter: longPolling, upgrade: false },
  { key: 'websocket', adapter: websocket, upgrade: true },
  { key: 'sse', adapter: sse, upgrade: false },
  { key: 'fetch', adapter: fetchSse, upgrade: false },
]);

export const TRANSPORT_KEYS = Object.freeze(TRANSPORTS.map((transport) => transport.key));

/** The registry entry of `key`; throws for a name no page knows. */
export function transportOf(key) {
  const found = TRANSPORTS.find((transport) => transport.key === key);
  if (!found) {
    throw new Error(`unknown transport '${key}' (known: ${TRANSPORT_KEYS.join(', ')})`);
  }
  return found;
}

/** The transport's name in the page's language. */
export function labelOf(key) {
  return t(`transport.${key}`);
}

/** The transport's colour, from lab.css (--polling, --sse, ...), for canvases and charts. */
export function colorOf(key) {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${transportOf(key).key}`).trim();
}

/** Opens the transport's client: connect(options) -> { close(), drop(), setInterval?(ms) }. */
export function connectTransport(key, options) {
  return transportOf(key).adapter.connect(options);
}
