package dev.transportlab.tools.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How a client carries the token of a private feed, and where it gets one: {@code source}
 * is asked at every connection and poll, so a source that fetches a new token once the
 * last one expired ({@link TokenSource}) lets the client come back after an expiry.
 *
 * @param carrier the way the token travels, as each browser API can send it
 * @param source the token for the next request
 */
public record Token(Carrier carrier, Supplier<String> source) {

	public enum Carrier {

		/** {@code Authorization: Bearer} (polling, long polling, fetch). */
		HEADER,
		/** The {@code lab_token} cookie (EventSource, WebSocket in a browser). */
		COOKIE,
		/** RFC 6750's {@code access_token} query parameter (their fallback). */
		QUERY

	}

	/** Always the same token (a test of a refused one). */
	public static Token fixed(Carrier carrier, String token) {
		return new Token(carrier, () -> token);
	}

	/** {@code url} with the token as a query parameter when that is the carrier. */
	String url(String url, String token) {
		if (this.carrier != Carrier.QUERY || token == null) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "access_token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
	}

	/** The header that carries the token, when the carrier is one. */
	void headers(String token, BiConsumer<String, String> header) {
		if (token == null) {
			return;
		}
		if (this.carrier == Carrier.HEADER) {
			header.accept("Authorization", "Bearer " + token);
		}
		else if (this.carrier == Carrier.COOKIE) {
			header.accept("Cookie", "lab_token=" + token);
		}
	}

}
