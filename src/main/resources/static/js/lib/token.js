// Private feeds (bench-private-N, opened with ?feed=ID on a transport page): one token per
// feed from POST /api/feeds/{id}/tokens, shared by every adapter on the page, fetched before
// the first connection and again once it expired or the server said so. The answer also sets
// the HttpOnly lab_token cookie: that is how EventSource and WebSocket carry it (neither can
// set a header); polling and fetch send Authorization: Bearer. Public feeds need none of this.

import { serverNowMs } from '../metrics/clock.js';

const tokens = new Map(); // feed -> Promise of { token, expiresAt }

export function isPrivateFeed(feed) {
  return feed.startsWith('bench-private-');
}

async function issue(feed) {
  const response = await fetch(`/api/feeds/${encodeURIComponent(feed)}/tokens`, { method: 'POST' });
  if (response.status !== 201) {
    throw new Error(`token for ${feed}: HTTP ${response.status}`);
  }
  return response.json();
}

/**
 * The feed's current token ({ token, expiresAt }), null for a public feed. A new one when
 * `fresh` (the server ended a stream with auth-expired or 4001) or when the last one expired
 * by the server's clock; concurrent callers share one request.
 */
export async function tokenFor(feed, { fresh = false } = {}) {
  if (!isPrivateFeed(feed)) {
    return null;
  }
  let pending = tokens.get(feed);
  const current = pending ? await pending.catch(() => null) : null;
  if (fresh || !current || Date.parse(current.expiresAt) <= serverNowMs()) {
    if (tokens.get(feed) === pending) {
      pending = issue(feed);
      tokens.set(feed, pending);
    } else {
      pending = tokens.get(feed); // another adapter asked first
    }
  }
  return pending;
}

/** fetch() headers that carry the token: Authorization: Bearer for a private feed (`fresh`: see tokenFor). */
export async function authHeaders(feed, { fresh = false } = {}) {
  const current = await tokenFor(feed, { fresh }).catch(() => null);
  return current ? { Authorization: `Bearer ${current.token}` } : {};
}
