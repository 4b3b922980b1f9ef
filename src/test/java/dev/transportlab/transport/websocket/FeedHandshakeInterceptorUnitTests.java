package dev.transportlab.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;
import dev.transportlab.feed.FeedLogs;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Transport;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks before a WebSocket upgrade, without a server: the feed and the resume point
 * handed to the socket, and an HTTP problem instead of a socket for an unknown feed (404)
 * or a full transport (503 with Retry-After).
 */
class FeedHandshakeInterceptorUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FeedRegistry feeds = new FeedRegistry(
			new Binder(new MapConfigurationPropertySource(Map.of("lab.limits.max-connections-per-transport", "2")))
				.bindOrCreate("lab", LabProperties.class),
			new DefaultListableBeanFactory().getBeanProvider(FeedLogs.class));

	private final FeedHandshakeInterceptor checks = new FeedHandshakeInterceptor(this.feeds, JSON);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final Map<String, Object> attributes = new HashMap<>();

	@AfterEach
	void stop() {
		this.feeds.stop();
	}

	@Test
	void aKnownFeedOpensWithTheResumePointOfTheQuery() throws Exception {
		assertThat(handshake("/ws/feeds/live", "after", "e1:7")).isTrue();
		assertThat(this.attributes).containsEntry(FeedHandshakeInterceptor.FEED, this.feeds.get("live"))
			.containsEntry(FeedHandshakeInterceptor.FROM, new ResumePoint("e1", 7));
		this.attributes.clear();
		assertThat(handshake("/ws/feeds/live", "after", "5", "epoch", "e2")).isTrue();
		assertThat(this.attributes).containsEntry(FeedHandshakeInterceptor.FROM, new ResumePoint("e2", 5));
	}

	@Test
	void withoutAResumePointTheSocketStartsFromTheLatestAndAnUnreadableOneIsNotRefused() throws Exception {
		assertThat(handshake("/ws/feeds/live")).isTrue();
		assertThat(this.attributes).containsKey(FeedHandshakeInterceptor.FEED)
			.doesNotContainKey(FeedHandshakeInterceptor.FROM);
		this.attributes.clear();
		assertThat(handshake("/ws/feeds/live", "after", "not a seq")).isTrue();
		assertThat(this.attributes).containsEntry(FeedHandshakeInterceptor.FROM, ResumePoint.malformed("not a seq"));
	}

	@Test
	void anUnknownFeedIsA404Problem() throws Exception {
		assertThat(handshake("/ws/feeds/nope")).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(404);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = JSON.readTree(this.response.getContentAsString(StandardCharsets.UTF_8));
		assertThat(problem.get("status").asInt()).isEqualTo(404);
		assertThat(problem.get("detail").asString()).startsWith("No feed 'nope'.");
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void aFullTransportIsA503ProblemWithRetryAfterAndTheLastSlotStillOpens() throws Exception {
		assertThat(this.feeds.limiter().tryAcquire(Transport.WEBSOCKET)).isTrue();
		assertThat(handshake("/ws/feeds/live")).as("one slot of two left").isTrue();
		assertThat(this.feeds.limiter().tryAcquire(Transport.WEBSOCKET)).isTrue();
		MockHttpServletResponse full = new MockHttpServletResponse();
		assertThat(this.checks.beforeHandshake(request("/ws/feeds/live"), new ServletServerHttpResponse(full), null,
				new HashMap<>()))
			.isFalse();
		assertThat(full.getStatus()).isEqualTo(503);
		assertThat(full.getHeader("Retry-After")).isEqualTo("5");
		JsonNode problem = JSON.readTree(full.getContentAsString(StandardCharsets.UTF_8));
		assertThat(problem.get("detail").asString()).contains("at most 2 websocket connections");
	}

	private boolean handshake(String path, String... parameters) throws Exception {
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(this.response);
		boolean open = this.checks.beforeHandshake(request(path, parameters), serverResponse, null, this.attributes);
		serverResponse.flush();
		return open;
	}

	private static ServletServerHttpRequest request(String path, String... parameters) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		for (int i = 0; i < parameters.length; i += 2) {
			request.addParameter(parameters[i], parameters[i + 1]);
		}
		return new ServletServerHttpRequest(request);
	}

}
