package dev.transportlab.transport.fetch;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;
import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;
import dev.transportlab.transport.Resume;
import dev.transportlab.transport.sse.SseStreams;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * SSE over {@code fetch}: a POST with a JSON body, answered with the very stream the
 * EventSource endpoint sends (same {@link SseStreams}, same frames). What a streaming API
 * looks like: the request can carry a body and any header, and the browser reads it with
 * {@code fetch} and its own parser. The resume point comes only from
 * {@code Last-Event-ID}: the client sets it, on the first request too.
 */
@RestController
class FetchController {

	private final FeedRegistry feeds;

	private final SseStreams streams;

	private final JsonMapper json;

	private final TokenExpiry expiry;

	FetchController(FeedRegistry feeds, SseStreams streams, JsonMapper json, TokenExpiry expiry) {
		this.feeds = feeds;
		this.streams = streams;
		this.json = json;
		this.expiry = expiry;
	}

	@PostMapping("/api/feeds/{id}/stream")
	void stream(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestBody(required = false) byte[] body, Principal principal, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		requireObject(body);
		Feed feed = this.feeds.get(id);
		Subscription subscription = this.streams.open(Transport.FETCH, feed, Resume.from(lastEventId, null), request,
				response);
		this.expiry.endAtExpiry(principal, subscription); // private feed: event
															// auth-expired
	}

	/**
	 * The body is where a real API puts its request (a prompt, a filter); this feed takes
	 * no options yet, so members are ignored, but it must be an object, so a client's
	 * mistake shows now rather than when options arrive. Empty counts as {@code {}}.
	 */
	private void requireObject(byte[] body) {
		if (body == null || body.length == 0) {
			return;
		}
		String problem;
		try {
			var tree = this.json.readTree(body);
			problem = tree.isObject() ? null : "is JSON " + tree.getNodeType().name().toLowerCase();
		}
		catch (JacksonException ex) {
			problem = "is not JSON (" + ex.getOriginalMessage() + ")";
		}
		if (problem != null) {
			throw new MalformedBody("The body must be a JSON object such as {} (members are ignored); it " + problem
					+ ". Send the resume point in the Last-Event-ID header.");
		}
	}

	/** A body that is not a JSON object (400). */
	static final class MalformedBody extends ProblemException {

		MalformedBody(String detail) {
			super(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, detail);
		}

	}

}
