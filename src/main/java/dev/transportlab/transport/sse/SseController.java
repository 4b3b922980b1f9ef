package dev.transportlab.transport.sse;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;
import dev.transportlab.transport.Resume;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-Sent Events: one long response, one {@code id:}/{@code data:} block per event.
 * The browser's EventSource reconnects by itself and sends {@code Last-Event-ID}, which
 * wins over the {@code after} parameter of the original URL.
 */
@RestController
class SseController {

	private final FeedRegistry feeds;

	private final SseStreams streams;

	private final TokenExpiry expiry;

	SseController(FeedRegistry feeds, SseStreams streams, TokenExpiry expiry) {
		this.feeds = feeds;
		this.streams = streams;
		this.expiry = expiry;
	}

	@GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void live(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		stream(FeedRegistry.LIVE, lastEventId, after, epoch, null, request, response);
	}

	@GetMapping(path = "/api/feeds/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void stream(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch,
			Principal principal, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Feed feed = this.feeds.get(id);
		ResumePoint from = (lastEventId != null && !lastEventId.isBlank()) ? Resume.from(lastEventId, null)
				: Resume.from(after, epoch);
		Subscription subscription = this.streams.open(Transport.SSE, feed, from, request, response);
		this.expiry.endAtExpiry(principal, subscription); // private feed: event
															// auth-expired
	}

}
