package dev.transportlab.transport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.transportlab.tools.client.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad query on the transport endpoints: the status, the problem type, and a detail
 * naming the parameter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BadInputTests {

	@LocalServerPort
	int port;

	static Stream<Arguments> badRequests() {
		// only parameters that cannot be a resume point are refused: an unreadable after,
		// epoch or Last-Event-ID is a malformed gap (MalformedResumeTests)
		return Stream.of(Arguments.of("/api/feeds/live/events?after=1&wait=31", 400, "bad-parameter", "0..30"),
				Arguments.of("/api/feeds/live/events?after=1&wait=-1", 400, "bad-parameter", "'wait'"),
				Arguments.of("/api/feeds/live/events?after=xyz&wait=-5", 400, "bad-parameter", "'wait'"),
				Arguments.of("/api/feeds/live/events?after=1&wait=soon", 400, "bad-parameter", "'wait'"),
				Arguments.of("/api/feeds/live/events?wait=%2B5", 400, "bad-parameter", "'wait'"),
				Arguments.of("/api/feeds/live/events?client=" + "c".repeat(65), 400, "bad-parameter", "'client'"),
				Arguments.of("/api/feeds/nope/events", 404, "unknown-feed", "'nope'"),
				Arguments.of("/api/feeds/nope/stream", 404, "unknown-feed", "'nope'"),
				Arguments.of("/api/feeds/nope", 404, "unknown-feed", "'nope'"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("badRequests")
	void answersWithAProblem(String path, int status, String type, String detailMentions) throws Exception {
		HttpResponse<String> response = JsonHttp.HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Accept", "text/event-stream, application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertProblem(response, status, type, detailMentions);
	}

	static void assertProblem(HttpResponse<String> response, int status, String type, String detailMentions) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = JsonHttp.JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:" + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		// every refusal says what was wrong (docs/reliability.md promises it)
		assertThat(problem.hasNonNull("detail")).as("a detail in %s", response.body()).isTrue();
		assertThat(problem.get("detail").asString()).contains(detailMentions);
	}

}
