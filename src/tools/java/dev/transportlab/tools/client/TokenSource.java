package dev.transportlab.tools.client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Tokens of one private feed from {@code POST /api/feeds/{id}/tokens}, as a page gets
 * them: the last one until it expires, then a new one.
 */
public final class TokenSource implements Supplier<String> {

	private final String url;

	private final String adminToken;

	private final AtomicInteger issued = new AtomicInteger();

	private String token;

	private Instant expiresAt = Instant.MIN;

	/**
	 * @param adminToken sent as {@code Authorization: Bearer} when not null (a lab with
	 * {@code lab.admin-token} set)
	 */
	public TokenSource(String baseUrl, String feed, String adminToken) {
		this.url = baseUrl + "/api/feeds/" + feed + "/tokens";
		this.adminToken = adminToken;
	}

	@Override
	public synchronized String get() {
		if (this.token == null || !Instant.now().isBefore(this.expiresAt)) {
			JsonNode answer = JsonHttp.parse(fetch());
			this.token = answer.get("token").asString();
			this.expiresAt = Instant.parse(answer.get("expiresAt").asString());
			this.issued.incrementAndGet();
		}
		return this.token;
	}

	/** Tokens fetched so far: 1 + the refreshes after expiries. */
	public int issued() {
		return this.issued.get();
	}

	private String fetch() {
		try {
			var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.url))
				.POST(java.net.http.HttpRequest.BodyPublishers.noBody());
			if (this.adminToken != null) {
				request.header("Authorization", "Bearer " + this.adminToken);
			}
			var response = JsonHttp.HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("POST " + this.url + ": " + response.statusCode() + " " + response.body());
			}
			return response.body();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
