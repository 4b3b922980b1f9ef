package dev.transportlab.feed;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import dev.transportlab.tools.client.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing and creating feeds: the admin token, the ranges, the caps, malformed bodies.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.admin-token=s3cret", "lab.limits.max-bench-feeds=2" })
class FeedApiTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return JsonHttp.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type, String detailMentions) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = JsonHttp.JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:" + type);
		assertThat(problem.get("detail").asString()).contains(detailMentions);
	}

	@Test
	void describesTheLiveFeed() throws Exception {
		HttpResponse<String> response = send("GET", "/api/feeds/live", null, null);
		JsonNode feed = JsonHttp.JSON.readTree(response.body());
		assertThat(feed.get("rate").asInt()).isEqualTo(10);
		assertThat(feed.get("markers").asInt()).isEqualTo(50);
		assertThat(feed.get("epoch").asString()).isNotBlank();
		assertThat(feed.get("adminTokenRequired").asBoolean()).isTrue();
		assertThat(feed.get("subscribers").propertyNames()).containsExactly("polling", "long-polling", "websocket",
				"sse", "fetch");
	}

	@Test
	void changingTheLiveFeedNeedsTheAdminToken() throws Exception {
		HttpResponse<String> missing = send("PUT", "/api/feeds/live", "{\"rate\":20}", null);
		assertProblem(missing, 401, "unauthorized", "Bearer");
		assertThat(missing.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertProblem(send("PUT", "/api/feeds/live", "{\"rate\":20}", "Bearer wrong"), 403, "forbidden", "token");
		assertProblem(send("PUT", "/api/feeds/live", "{\"rate\":20}", "Basic czNjcmV0"), 401, "unauthorized", "Bearer");

		HttpResponse<String> ok = send("PUT", "/api/feeds/live", "{\"rate\":20}", "Bearer s3cret");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(JsonHttp.JSON.readTree(ok.body()).get("rate").asInt()).isEqualTo(20);
		assertThat(this.feeds.get("live").settings().markers()).isEqualTo(50); // untouched
		send("PUT", "/api/feeds/live", "{\"rate\":10}", "Bearer s3cret");
	}

	@Test
	void rejectsValuesOutOfRange() throws Exception {
		String auth = "Bearer s3cret";
		assertProblem(send("PUT", "/api/feeds/live", "{\"rate\":0}", auth), 400, "limit-exceeded",
				"rate must be 1..1000");
		assertProblem(send("PUT", "/api/feeds/live", "{\"rate\":1001}", auth), 400, "limit-exceeded",
				"rate must be 1..1000");
		assertProblem(send("PUT", "/api/feeds/live", "{\"markers\":0}", auth), 400, "limit-exceeded",
				"markers must be 1..1000");
		assertProblem(send("PUT", "/api/feeds/live", "{\"rate\":1000,\"markers\":1000}", auth), 400, "limit-exceeded",
				"rate x markers must be <= 200000");
		assertProblem(send("POST", "/api/feeds", "{\"rate\":5000}", null), 400, "limit-exceeded", "rate must be");
		assertProblem(send("PUT", "/api/feeds/nope", "{\"rate\":5}", auth), 404, "unknown-feed", "'nope'");
	}

	@Test
	void rejectsMalformedBodies() throws Exception {
		for (String body : new String[] { "{\"rate\":", "[1,2]", "{\"rate\":\"fast\"}", "{\"rate\":1e99}", "" }) {
			assertProblem(send("POST", "/api/feeds", body, null), 400, "malformed-body", "JSON object");
		}
	}

	@Test
	void capsTheNumberOfBenchmarkFeeds() throws Exception {
		HttpResponse<String> first = send("POST", "/api/feeds", "{\"rate\":5,\"markers\":5}", null);
		HttpResponse<String> second = send("POST", "/api/feeds", "{\"rate\":5,\"markers\":5}", null);
		try {
			assertThat(first.statusCode()).isEqualTo(201);
			assertThat(second.statusCode()).isEqualTo(201);
			HttpResponse<String> third = send("POST", "/api/feeds", "{\"rate\":5,\"markers\":5}", null);
			assertProblem(third, 429, "too-many", "At most 2 benchmark feeds");
			assertThat(third.headers().firstValue("Retry-After")).isPresent();
		}
		finally {
			this.feeds.remove(JsonHttp.JSON.readTree(first.body()).get("id").asString());
			this.feeds.remove(JsonHttp.JSON.readTree(second.body()).get("id").asString());
		}
	}

}
