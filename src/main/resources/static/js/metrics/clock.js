// The server's clock, seen from the browser. Event `ts` is stamped by the server, so a
// latency is only meaningful once both clocks agree: NTP-style, we ask GET /api/time a few
// times and trust the sample with the lowest round trip (the least queueing on either side).

let offsetMs = 0;
let rttMs = NaN;

/** Local wall-clock time with sub-millisecond resolution (Date.now() is coarse and may jump). */
export function localNowMs() {
  return performance.timeOrigin + performance.now();
}

/** The server's current time in epoch milliseconds, as far as we can tell. */
export function serverNowMs() {
  return localNowMs() + offsetMs;
}

/** The last estimate: server clock minus local clock, and the round trip it came from. */
export function clockOffset() {
  return { offsetMs, rttMs };
}

let running = null;

/**
 * Takes `samples` measurements and keeps the one with the lowest round trip, also against
 * earlier calls: on one page (the race has four dashboards) the best sample wins, and
 * concurrent calls share one run instead of disturbing each other's round trips.
 * Resolves to { offsetMs, rttMs }; on failure keeps the previous estimate.
 */
export function syncClock(samples = 5, baseUrl = '') {
  if (running === null) {
    running = measure(samples, baseUrl).finally(() => {
      running = null;
    });
  }
  return running;
}

async function measure(samples, baseUrl) {
  let best = Number.isNaN(rttMs) ? null : { offsetMs, rttMs };
  for (let i = 0; i < samples; i++) {
    try {
      const sentAt = performance.now();
      const response = await fetch(`${baseUrl}/api/time`, { cache: 'no-store' });
      const body = await response.json();
      const receivedAt = performance.now();
      const roundTrip = receivedAt - sentAt;
      // the server read its clock somewhere in the round trip: assume the middle
      const localMid = performance.timeOrigin + (sentAt + receivedAt) / 2;
      const sample = { offsetMs: body.ts / 1000 - localMid, rttMs: roundTrip };
      if (best === null || sample.rttMs < best.rttMs) {
        best = sample;
      }
    } catch {
      // a lost sample is not fatal; the others may do
    }
  }
  if (best !== null) {
    offsetMs = best.offsetMs;
    rttMs = best.rttMs;
  }
  return { offsetMs, rttMs };
}
