package dev.transportlab.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.RawHttp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static dev.transportlab.auth.AuthTestSupport.SECRET;
import static dev.transportlab.auth.AuthTestSupport.assertProblem;
import static dev.transportlab.auth.AuthTestSupport.issue;
import static dev.transportlab.auth.AuthTestSupport.privateFeed;
import static dev.transportlab.auth.AuthTestSupport.send;
import static dev.transportlab.auth.AuthTestSupport.signed;
import static dev.transportlab.auth.AuthTestSupport.token;
import static dev.transportlab.auth.AuthTestSupport.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Private feeds over the HTTP API, on real sockets: issuing tokens (behind the admin
 * token), 401 and 403 as problem+json on every transport's request, hostile tokens
 * refused, and public feeds and the writes exactly as without Spring Security.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lab.admin-token=adm1n", "lab.auth.secret=" + SECRET, "lab.limits.max-bench-feeds=8" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateFeedApiTests {

	private static final String ADMIN = "adm1n";

	@LocalServerPort
	int port;

	private String base;

	private String feed;

	private String other;

	@BeforeEach
	void feeds() throws Exception {
		this.base = "http://127.0.0.1:" + this.port;
		if (this.feed == null) {
			this.feed = privateFeed(this.base, 20, ADMIN);
			this.other = privateFeed(this.base, 20, ADMIN);
		}
	}

	@Test
	void tokensAreIssuedBehindTheAdminTokenWithAnHttpOnlyStrictCookie() throws Exception {
		assertThat(issue(this.base, this.feed, null).statusCode()).isEqualTo(401);
		assertThat(issue(this.base, this.feed, "wrong").statusCode()).isEqualTo(403);
		assertThat(issue(this.base, "bench-private-999", ADMIN).statusCode()).isEqualTo(404);

		HttpResponse<String> issued = issue(this.base, this.feed, ADMIN);
		assertThat(issued.statusCode()).isEqualTo(201);
		JsonNode body = JsonHttp.parse(issued.body());
		assertThat(body.propertyNames()).containsExactly("token", "expiresAt");
		Instant expiresAt = Instant.parse(body.get("expiresAt").asString());
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
		String cookie = issued.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("lab_token=" + body.get("token").asString() + ";")
			.contains("HttpOnly")
			.contains("SameSite=Strict")
			.contains("Path=/");
	}

	@Test
	void withoutATokenEveryTransportIsRefusedWith401Problem() throws Exception {
		for (String path : new String[] { "/events", "/events?wait=5", "/stream" }) {
			HttpResponse<String> answer = JsonHttp.get(this.base + "/api/feeds/" + this.feed + path);
			assertProblem(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""), answer.body(),
					401, "unauthorized");
			assertThat(answer.body()).contains("/api/feeds/" + this.feed + "/tokens");
			assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
		}
		try (RawHttp handshake = webSocketHandshake(this.feed, null, "")) {
			assertProblem(handshake.status, handshake.headers.get("content-type"), handshake.bodyText(), 401,
					"unauthorized");
		}
		// the fetch transport's POST (another branch) is covered by the same rule
		HttpResponse<String> fetch = send("POST", this.base + "/api/feeds/" + this.feed + "/stream", "{}", null);
		assertThat(fetch.statusCode()).isEqualTo(401);
	}

	@Test
	void anotherFeedsTokenIsRefusedWith403ProblemOnEveryCarrier() throws Exception {
		String theirs = token(this.base, this.other, ADMIN);
		HttpResponse<String> poll = send("GET", this.base + "/api/feeds/" + this.feed + "/events", null, theirs);
		assertProblem(poll.statusCode(), poll.headers().firstValue("Content-Type").orElse(""), poll.body(), 403,
				"forbidden");
		HttpResponse<String> query = JsonHttp
			.get(this.base + "/api/feeds/" + this.feed + "/stream?access_token=" + theirs);
		assertThat(query.statusCode()).isEqualTo(403);
		try (FeedRecorder sse = FeedRecorder
			.sse(this.base + "/api/feeds/" + this.feed + "/stream?access_token=" + theirs, null)) {
			assertThat(sse.status()).isEqualTo(403);
		}
		try (RawHttp handshake = webSocketHandshake(this.feed, null, "\r\nCookie: lab_token=" + theirs)) {
			assertProblem(handshake.status, handshake.headers.get("content-type"), handshake.bodyText(), 403,
					"forbidden");
		}
		assertThatThrownBy(() -> FeedRecorder
			.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/" + this.feed + "?access_token=" + theirs, null))
			.isInstanceOfSatisfying(FeedRecorder.Refused.class, refused -> assertThat(refused.status()).isEqualTo(403));
	}

	@Test
	void hostileTokensAreRefused() throws Exception {
		Map<String, String> hostile = Map.of("expired", signed(SECRET, this.feed, Instant.now().minusSeconds(5)),
				"wrong signature",
				signed("another-secret-of-thirty-two-byte", this.feed, Instant.now().plusSeconds(60)), "alg none",
				unsigned(this.feed), "garbage", "not.a.jwt");
		hostile.forEach((name, token) -> {
			try {
				HttpResponse<String> poll = send("GET", this.base + "/api/feeds/" + this.feed + "/events", null, token);
				assertThat(poll.statusCode()).as(name).isEqualTo(401);
				assertProblem(poll.statusCode(), poll.headers().firstValue("Content-Type").orElse(""), poll.body(), 401,
						"unauthorized");
				assertThat(poll.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
				assertThat(poll.body()).as(name).doesNotContain(token);
				try (RawHttp handshake = webSocketHandshake(this.feed, token, "")) {
					assertThat(handshake.status).as(name + " on the WebSocket").isEqualTo(401);
				}
			}
			catch (Exception ex) {
				throw new AssertionError(name, ex);
			}
		});
		// a well signed token for another feed, and the same with the id escaped in the
		// path
		String theirs = signed(SECRET, this.other, Instant.now().plusSeconds(60));
		assertThat(send("GET", this.base + "/api/feeds/" + this.feed + "/events", null, theirs).statusCode())
			.isEqualTo(403);
		String escaped = this.feed.replace("-private-", "-private%2D");
		assertThat(JsonHttp.get(this.base + "/api/feeds/" + escaped + "/events").statusCode()).isEqualTo(401);
		// and a valid one opens it
		String mine = signed(SECRET, this.feed, Instant.now().plusSeconds(60));
		assertThat(send("GET", this.base + "/api/feeds/" + this.feed + "/events", null, mine).statusCode())
			.isEqualTo(200);
	}

	@Test
	void publicFeedsAndTheWritesWorkAsBefore() throws Exception {
		// a stale cookie or a bogus bearer token is ignored where no token is needed
		try (RawHttp poll = RawHttp.get(this.port, "/api/feeds/live/events",
				"Cookie: lab_token=stale\r\nAuthorization: Bearer bogus", 0, 5000)) {
			assertThat(poll.status).isEqualTo(200);
			assertThat(poll.headers).doesNotContainKey("set-cookie");
		}
		try (FeedRecorder sse = FeedRecorder.sse(this.base + "/api/feeds/live/stream?access_token=bogus", null)) {
			assertThat(sse.status()).isEqualTo(200);
		}
		try (FeedRecorder socket = FeedRecorder.webSocket("ws://127.0.0.1:" + this.port + "/ws/feeds/live", null)) {
			assertThat(socket.nextText(Duration.ofSeconds(5))).contains("\"seq\"");
		}
		// writes: JSON bodies, no CSRF token, no session; the admin guard as before
		HttpResponse<String> created = send("POST", this.base + "/api/feeds", "{\"rate\":5,\"markers\":5}", null);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Set-Cookie")).isEmpty();
		String id = JsonHttp.parse(created.body()).get("id").asString();
		assertThat(JsonHttp.parse(created.body()).get("private").asBoolean()).isFalse();
		assertThat(send("PUT", this.base + "/api/feeds/" + id, "{\"rate\":6}", null).statusCode()).isEqualTo(401);
		assertThat(send("PUT", this.base + "/api/feeds/" + id, "{\"rate\":6}", ADMIN).statusCode()).isEqualTo(200);
		HttpResponse<String> page = JsonHttp.get(this.base + "/sse");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty(); // the app's
																			// own headers
																			// only
	}

	private RawHttp webSocketHandshake(String feed, String queryToken, String extraHeaders) throws Exception {
		String target = "/ws/feeds/" + feed + ((queryToken != null) ? "?access_token=" + queryToken : "");
		return RawHttp.get(this.port, target,
				"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://127.0.0.1:" + this.port
						+ extraHeaders,
				0, 5000);
	}

}
