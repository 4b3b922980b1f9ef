package dev.transportlab.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.transportlab.feed.DaemonThreads;
import dev.transportlab.feed.Subscription;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Ends what was opened with a token when the token expires: a push subscription (SSE:
 * {@code event: auth-expired}, WebSocket: close 4001), and bounds a long poll's wait. A
 * request without a token (public feeds) is left alone.
 */
@Component
public class TokenExpiry implements DisposableBean {

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
			DaemonThreads.named("token-expiry-"));

	/** Ends {@code subscription} at the expiry of the token {@code principal} holds. */
	public void endAtExpiry(Principal principal, Subscription subscription) {
		Instant expiry = expiry(principal);
		if (expiry != null) {
			this.timer.schedule(subscription::expire, Math.max(0, millisLeft(principal)), TimeUnit.MILLISECONDS);
		}
	}

	/** Milliseconds until the token expires; {@link Long#MAX_VALUE} without a token. */
	public static long millisLeft(Principal principal) {
		Instant expiry = expiry(principal);
		return (expiry == null) ? Long.MAX_VALUE : expiry.toEpochMilli() - System.currentTimeMillis();
	}

	private static Instant expiry(Principal principal) {
		return (principal instanceof JwtAuthenticationToken token) ? token.getToken().getExpiresAt() : null;
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
