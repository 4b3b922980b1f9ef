package dev.transportlab.transport.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.ThreadLocalRandom;

import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;
import dev.transportlab.transport.Resume;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events: one long response, one {@code id:}/{@code data:} block per event.
 * The browser's EventSource reconnects by itself and sends {@code Last-Event-ID}, which
 * wins over the {@code after} parameter of the original URL.
 */
@RestController
class SseController {

	private final FeedRegistry feeds;

	private final WireStats stats;

	private final TokenExpiry expiry;

	SseController(FeedRegistry feeds, WireStats stats, TokenExpiry expiry) {
		this.feeds = feeds;
		this.stats = stats;
		this.expiry = expiry;
	}

	@GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> live(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch)
			throws IOException {
		return stream(FeedRegistry.LIVE, lastEventId, after, epoch, null);
	}

	@GetMapping(path = "/api/feeds/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> stream(@PathVariable String id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch,
			Principal principal) throws IOException {
		Feed feed = this.feeds.get(id);
		ResumePoint from = (lastEventId != null && !lastEventId.isBlank()) ? Resume.from(lastEventId, null)
				: Resume.from(after, epoch);

		SseEmitter emitter = new SseEmitter(0L); // 0: no async timeout; heartbeats find
													// dead clients
		SseSink sink = new SseSink(emitter, feed::epoch);
		sink.start(this.feeds.properties().sse().retryMillisFor(ThreadLocalRandom.current().nextDouble()));
		Subscription subscription = feed.subscribe(Transport.SSE, from, this.stats.meter(Transport.SSE, sink),
				this.feeds.properties().limits().maxBatch());
		emitter.onCompletion(subscription::cancel);
		emitter.onError(ex -> subscription.cancel());
		emitter.onTimeout(subscription::cancel);
		this.expiry.endAtExpiry(principal, subscription); // private feed: event
															// auth-expired
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no") // nginx: do not buffer the stream
			.contentType(new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8))
			.body(emitter);
	}

}
