package dev.transportlab.transport.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.transportlab.feed.CapacityException;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.feed.UnknownFeedException;
import dev.transportlab.problem.BadParameterException;
import dev.transportlab.problem.Problems;
import dev.transportlab.transport.Resume;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the feed and the resume point before the upgrade, so that a bad URL gets an HTTP
 * problem (404, 400) rather than a socket that closes at once.
 */
@Component
class FeedHandshakeInterceptor implements HandshakeInterceptor {

	static final String FEED = "feed";

	static final String FROM = "from";

	private final FeedRegistry feeds;

	private final JsonMapper json;

	FeedHandshakeInterceptor(FeedRegistry feeds, JsonMapper json) {
		this.feeds = feeds;
		this.json = json;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws IOException {
		String path = request.getURI().getPath();
		String id = path.substring(path.lastIndexOf('/') + 1);
		// the raw query: a browser's URLSearchParams sends after=E%3AN, so decode each
		// value
		var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
		try {
			attributes.put(FEED, this.feeds.get(id));
			var limiter = this.feeds.limiter();
			if (limiter.open(Transport.WEBSOCKET) >= limiter.max()) {
				throw new CapacityException(Transport.WEBSOCKET, limiter.max());
			}
			var from = Resume.from("after", decoded(query.getFirst("after")), decoded(query.getFirst("epoch")));
			if (from != null) {
				attributes.put(FROM, from);
			}
			return true;
		}
		catch (UnknownFeedException ex) {
			reject(response, Problems.of(HttpStatus.NOT_FOUND, Problems.UNKNOWN_FEED, ex.getMessage()));
		}
		catch (BadParameterException ex) {
			reject(response, Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER, ex.getMessage()));
		}
		catch (CapacityException ex) {
			response.getHeaders().set("Retry-After", "5");
			reject(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CAPACITY, ex.getMessage()));
		}
		return false;
	}

	private static String decoded(String raw) {
		if (raw == null) {
			return null;
		}
		try {
			return UriUtils.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return raw; // a stray '%': Resume reports the value as malformed
		}
	}

	private void reject(ServerHttpResponse response, ProblemDetail problem) throws IOException {
		response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getBody().write(this.json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
