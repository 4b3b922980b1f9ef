package dev.transportlab.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import dev.transportlab.feed.FeedRegistry;

import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Where a reader's token is, in order: {@code Authorization: Bearer} (polling, long
 * polling, fetch), the {@code access_token} query parameter (the EventSource and
 * WebSocket fallback: explicit, so it wins over an older cookie), the {@code lab_token}
 * cookie (EventSource, WebSocket). Only reads of private feeds look for one: every other
 * request, the admin writes' own bearer token included, is not touched.
 */
final class FeedTokenResolver implements BearerTokenResolver {

	static final String COOKIE = "lab_token";

	private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String feed = FeedPaths.feedId(request);
		if (feed == null || !FeedRegistry.isPrivate(feed)) {
			return null;
		}
		String token = this.header.resolve(request);
		if (token != null) {
			return token;
		}
		Object query = request.getAttribute(AccessTokenRedaction.TOKEN);
		if (query instanceof String value && !value.isBlank()) {
			return value;
		}
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

}
