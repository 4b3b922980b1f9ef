// The server calls of the benchmark page: benchmark feeds, wire counters, saved results.

import { problemText } from './problem.js';
import { sleep } from './format.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** A fresh feed for one scenario; waits (Retry-After) while the server has no free benchmark slot. */
export async function createFeed(rate, markers, onWait) {
  const giveUpAt = performance.now() + 120000;
  for (;;) {
    const response = await fetch('/api/feeds', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ rate, markers }) });
    if (response.status === 201) {
      return (await response.json()).id;
    }
    if (response.status === 429 && performance.now() < giveUpAt) {
      const seconds = Math.min(Number(response.headers.get('Retry-After')) || 5, 5);
      onWait(seconds);
      // unused feeds vanish after the server's idle timeout; look again soon
      await sleep(seconds * 1000);
      continue;
    }
    throw new Error(await problemText(response));
  }
}

/**
 * A finished scenario's feed lives on until the server reaps it as idle; at 1000 events/s it
 * would load the machine during the next scenario. Slow it to 1 event/s (refused, and then
 * harmless, when the server guards feed changes with an admin token).
 */
export async function slowDown(feed) {
  try {
    await fetch(`/api/feeds/${encodeURIComponent(feed)}`, { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ rate: 1 }) });
  } catch {
    // the feed vanishes anyway when idle
  }
}

/** The server's counters for one transport (GET /api/stats): events, payload bytes, requests. */
export async function wireStats(transport) {
  const response = await fetch('/api/stats', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`/api/stats: ${await problemText(response)}`);
  }
  return (await response.json())[transport];
}

/** Posts each result; resolves to { saved } or { error } at the first refusal. */
export async function saveResults(results) {
  let saved = 0;
  for (const result of results) {
    const response = await fetch('/api/bench/results', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(result) });
    if (!response.ok) {
      return { saved, error: await problemText(response) };
    }
    saved++;
  }
  return { saved, error: null };
}

/** The newest results saved on the server, or null when they cannot be read. */
export async function savedResults(limit = 20) {
  const response = await fetch(`/api/bench/results?limit=${limit}`, { cache: 'no-store' });
  return response.ok ? (await response.json()).results : null;
}
