package dev.transportlab.auth;

import java.util.function.Supplier;

import dev.transportlab.feed.FeedRegistry;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may read a feed: anybody a public one; a private one only with a valid token whose
 * {@code feed} claim names it. Without a token the request is anonymous and denied, which
 * Spring Security answers with the entry point (401); with another feed's token, with the
 * access denied handler (403).
 */
final class FeedAccess implements AuthorizationManager<RequestAuthorizationContext> {

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		String feed = FeedPaths.feedId(context.getRequest());
		if (feed == null || !FeedRegistry.isPrivate(feed)) {
			return new AuthorizationDecision(true);
		}
		return new AuthorizationDecision(authentication.get() instanceof JwtAuthenticationToken token
				&& feed.equals(token.getToken().getClaimAsString(FeedTokens.FEED_CLAIM)));
	}

}
