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

/**
 * Takes `samples` measurements and keeps the one with the lowest round trip.
 * Resolves to { offsetMs, rttMs }; on failure keeps the previous estimate.
 */
export async function syncClock(samples = 5, baseUrl = '') {
  let best = null;
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
    } catch (error) {
      // a lost sample is not fatal; the others may do
    }
  }
  if (best !== null) {
    offsetMs = best.offsetMs;
    rttMs = best.rttMs;
  }
  return { offsetMs, rttMs };
}
