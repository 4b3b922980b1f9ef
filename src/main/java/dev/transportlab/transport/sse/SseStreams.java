package dev.transportlab.transport.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The one way to open an SSE stream: the entry point of the EventSource endpoint and of
 * the fetch transport (a POST answered with the same stream). Both get the same frames,
 * gaps, heartbeats and shutdown notice; only the {@link Transport} their statistics,
 * limits and client counts are kept under differs.
 */
@Component
public final class SseStreams {

	private final FeedRegistry feeds;

	private final WireStats stats;

	SseStreams(FeedRegistry feeds, WireStats stats) {
		this.feeds = feeds;
		this.stats = stats;
	}

	/**
	 * Subscribes to {@code feed} from {@code from} ({@code null}: from the next event)
	 * and answers {@code text/event-stream}.
	 */
	public ResponseEntity<SseEmitter> open(Transport transport, Feed feed, ResumePoint from) throws IOException {
		SseEmitter emitter = new SseEmitter(0L); // 0: no async timeout; heartbeats find
													// dead clients
		SseSink sink = new SseSink(emitter, feed::epoch);
		sink.start(this.feeds.properties().sse().retryMillisFor(ThreadLocalRandom.current().nextDouble()));
		Subscription subscription = feed.subscribe(transport, from, this.stats.meter(transport, sink),
				this.feeds.properties().limits().maxBatch());
		emitter.onCompletion(subscription::cancel);
		emitter.onError(ex -> subscription.cancel());
		emitter.onTimeout(subscription::cancel);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no") // nginx: do not buffer the stream
			.contentType(new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8))
			.body(emitter);
	}

}
