// The HTTP version the page's requests travel over, from Resource Timing (nextHopProtocol):
// h1 on plain http://localhost, h2 behind a TLS front that speaks HTTP/2. An entry appears
// when a response ends, so a stream still open (SSE) has none yet; it shares the origin's
// connections with the page, whose navigation entry says the same version. A WebSocket has
// no entry: its handshake is an HTTP/1.1 Upgrade (browsers do not run it over h2 unless the
// server offers RFC 8441, which neither Tomcat nor nginx does).

const newestByPrefix = new Map();
const listeners = new Set();
let observing = false;

/** "http/1.1" -> "h1"; "h2", "h3" stay; null when the browser does not say. */
function short(nextHopProtocol) {
  if (!nextHopProtocol) {
    return null;
  }
  return nextHopProtocol.startsWith('http/1') ? 'h1' : nextHopProtocol;
}

function record(entry) {
  const protocol = short(entry.nextHopProtocol);
  if (protocol === null) {
    return;
  }
  const path = new URL(entry.name, location.href).pathname;
  for (const prefix of newestByPrefix.keys()) {
    if (path.startsWith(prefix)) {
      newestByPrefix.set(prefix, protocol);
    }
  }
}

function observe() {
  if (observing || typeof PerformanceObserver === 'undefined') {
    return;
  }
  observing = true;
  // an observer sees every entry, also after the 250-entry buffer of getEntries is full
  new PerformanceObserver((list) => {
    list.getEntries().forEach(record);
    listeners.forEach((listener) => listener());
  }).observe({ type: 'resource', buffered: true });
}

/** The version the page itself was loaded over. */
export function pageProtocol() {
  const [navigation] = performance.getEntriesByType('navigation');
  return short(navigation?.nextHopProtocol) ?? '?';
}

/**
 * Follows requests whose path starts with `prefix` and calls onChange(protocol) with the
 * version of the newest finished one (the page's own until one has finished). Returns a
 * function that stops following.
 */
export function followProtocol(prefix, onChange) {
  if (!newestByPrefix.has(prefix)) {
    newestByPrefix.set(prefix, null);
    performance.getEntriesByType('resource').forEach(record);
  }
  let last = null;
  const listener = () => {
    const protocol = newestByPrefix.get(prefix) ?? pageProtocol();
    if (protocol !== last) {
      last = protocol;
      onChange(protocol);
    }
  };
  listeners.add(listener);
  observe();
  listener();
  return () => listeners.delete(listener);
}
