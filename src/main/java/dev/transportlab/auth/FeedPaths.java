package dev.transportlab.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UrlPathHelper;

/**
 * The requests that read a feed: polling and long polling, SSE (GET) and the fetch
 * transport (POST) on {@code /api/feeds/{id}/stream}, the WebSocket handshake.
 */
final class FeedPaths {

	private static final Pattern READ = Pattern
		.compile("^/(?:api/feeds/([^/]+)/(?:events|stream)|ws/(?:spring/)?feeds/([^/]+))$");

	private FeedPaths() {
	}

	/**
	 * The feed a request reads, null for any other request. The path is taken decoded, as
	 * the controllers see it, so that an escaped id cannot pass as another feed's.
	 */
	static String feedId(HttpServletRequest request) {
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		Matcher matcher = READ.matcher(path);
		if (!matcher.matches()) {
			return null;
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

}
