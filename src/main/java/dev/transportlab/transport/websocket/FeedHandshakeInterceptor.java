package dev.transportlab.transport.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.transportlab.feed.CapacityException;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.feed.UnknownFeedException;
import dev.transportlab.problem.Problems;
import dev.transportlab.transport.Resume;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the feed and the capacity before the upgrade, so that a bad URL gets an HTTP
 * problem (404, 503) rather than a socket that closes at once. The resume point is never
 * refused: an unreadable one opens the socket and gets a {@code malformed} gap frame.
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
		try {
			attributes.put(FEED, this.feeds.get(id));
			var limiter = this.feeds.limiter();
			if (limiter.open(Transport.WEBSOCKET) >= limiter.max()) {
				throw new CapacityException(Transport.WEBSOCKET, limiter.max());
			}
			// decoded by the container, as for polling and SSE (an E:N value arrives as
			// E%3AN); an undecodable query never gets here (config/QueryStringFilter)
			var servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
			var from = Resume.from(servletRequest.getParameter("after"), servletRequest.getParameter("epoch"));
			if (from != null) {
				attributes.put(FROM, from);
			}
			return true;
		}
		catch (UnknownFeedException ex) {
			reject(response, Problems.of(HttpStatus.NOT_FOUND, Problems.UNKNOWN_FEED, ex.getMessage()));
		}
		catch (CapacityException ex) {
			response.getHeaders().set("Retry-After", "5");
			reject(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CAPACITY, ex.getMessage()));
		}
		return false;
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
