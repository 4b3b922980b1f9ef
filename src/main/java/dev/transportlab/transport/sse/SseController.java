package dev.transportlab.transport.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;
import dev.transportlab.transport.Resume;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Server-Sent Events: one long response, one {@code id:}/{@code data:} block per event.
 * The browser's EventSource reconnects by itself and sends {@code Last-Event-ID}, which
 * wins over the {@code after} parameter of the original URL. The response is the Servlet
 * API's own async response, written without blocking (see {@link SseSink}).
 */
@RestController
class SseController {

	private final FeedRegistry feeds;

	private final WireStats stats;

	/**
	 * Tomcat's write timeout: a stream whose client takes no write for this long ends.
	 */
	private final Duration stall;

	SseController(FeedRegistry feeds, WireStats stats,
			@Value("${server.tomcat.connection-timeout:60s}") Duration stall) {
		this.feeds = feeds;
		this.stats = stats;
		this.stall = stall;
	}

	@GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void live(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		stream(FeedRegistry.LIVE, lastEventId, after, epoch, request, response);
	}

	@GetMapping(path = "/api/feeds/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void stream(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(required = false) String after, @RequestParam(required = false) String epoch,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		Feed feed = this.feeds.get(id);
		ResumePoint from = (lastEventId != null && !lastEventId.isBlank()) ? Resume.from(lastEventId, null)
				: Resume.from(after, epoch);
		long retry = this.feeds.properties().sse().retryMillisFor(ThreadLocalRandom.current().nextDouble());
		SseSink sink = new SseSink(feed::epoch, retry, this.stall);
		// before the response starts: a full transport still gets its 503 problem
		Subscription subscription = feed.subscribe(Transport.SSE, from, this.stats.meter(Transport.SSE, sink),
				this.feeds.properties().limits().maxBatch());
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
		// the container's own request and response: Spring MVC wraps the response in one
		// that
		// guards blocking writes, and its wrapper must not sit between Tomcat and the
		// listener
		AsyncContext async = request.startAsync(unwrap(request), unwrap(response));
		async.setTimeout(0); // none: heartbeats and the write timeout find dead clients
		async.addListener(new Ending(subscription, sink));
		sink.start(async);
	}

	@SuppressWarnings("unchecked")
	private static <T extends ServletRequest> T unwrap(T request) {
		ServletRequest inner = request;
		while (inner instanceof ServletRequestWrapper wrapper) {
			inner = wrapper.getRequest();
		}
		return (T) inner;
	}

	@SuppressWarnings("unchecked")
	private static <T extends ServletResponse> T unwrap(T response) {
		ServletResponse inner = response;
		while (inner instanceof ServletResponseWrapper wrapper) {
			inner = wrapper.getResponse();
		}
		return (T) inner;
	}

	/** However the response ends, the subscription leaves the feed. */
	private record Ending(Subscription subscription, SseSink sink) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.sink.finished();
			this.subscription.cancel();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.sink.finished();
			this.subscription.cancel();
		}

		@Override
		public void onError(AsyncEvent event) {
			this.sink.finished();
			this.subscription.cancel();
			try {
				event.getAsyncContext().complete();
			}
			catch (IllegalStateException ex) {
				// completing already
			}
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
