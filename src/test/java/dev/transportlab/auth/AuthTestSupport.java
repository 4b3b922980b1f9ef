package dev.transportlab.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.JsonHttp;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What the private feed tests share: making feeds and tokens, good and hostile. */
final class AuthTestSupport {

	/** The lab.auth.secret of the test servers (32 bytes). */
	static final String SECRET = "test-secret-of-thirty-two-bytes!";

	private AuthTestSupport() {
	}

	/** A new private feed at {@code rate} events/s; its id. */
	static String privateFeed(String base, int rate, String adminToken) throws Exception {
		HttpResponse<String> created = send("POST", base + "/api/feeds",
				"{\"private\":true,\"rate\":" + rate + ",\"markers\":5}", adminToken);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode feed = JsonHttp.parse(created.body());
		assertThat(feed.get("private").asBoolean()).isTrue();
		return feed.get("id").asString();
	}

	/** POST /api/feeds/{id}/tokens. */
	static HttpResponse<String> issue(String base, String feed, String adminToken) throws Exception {
		return send("POST", base + "/api/feeds/" + feed + "/tokens", null, adminToken);
	}

	static String token(String base, String feed, String adminToken) throws Exception {
		HttpResponse<String> issued = issue(base, feed, adminToken);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return JsonHttp.parse(issued.body()).get("token").asString();
	}

	static HttpResponse<String> send(String method, String url, String json, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return JsonHttp.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A token as the lab makes them, with any claims, signed with {@code secret}. */
	static String signed(String secret, String feed, Instant expiresAt) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("transport-lab")
			.claim("feed", feed)
			.issueTime(Date.from(expiresAt.minusSeconds(300)))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	/** An unsigned token ({@code "alg":"none"}) that claims {@code feed}. */
	static String unsigned(String feed) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64.encodeToString(("{\"iss\":\"transport-lab\",\"feed\":\"" + feed + "\",\"exp\":"
				+ Instant.now().plusSeconds(300).getEpochSecond() + "}")
			.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + ".";
	}

	static void assertProblem(int status, String contentType, String body, int expected, String type) {
		assertThat(status).as(body).isEqualTo(expected);
		assertThat(contentType).startsWith("application/problem+json");
		JsonNode problem = JsonHttp.parse(body);
		assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:" + type);
		assertThat(problem.get("detail").asString()).isNotBlank();
	}

	/**
	 * Events only, each seq one more than the one before, in one epoch: nothing lost or
	 * twice.
	 */
	static void assertContiguous(String client, List<FeedItem> items) {
		assertThat(items).as("%s received nothing", client).isNotEmpty();
		FeedItem previous = null;
		for (FeedItem item : items) {
			assertThat(item.isGap()).as("%s got a gap notice: %s", client, item.raw()).isFalse();
			if (previous != null) {
				assertThat(item.seq()).as("%s: the event after seq %d", client, previous.seq())
					.isEqualTo(previous.seq() + 1);
				assertThat(item.epoch()).isEqualTo(previous.epoch());
			}
			previous = item;
		}
	}

}
