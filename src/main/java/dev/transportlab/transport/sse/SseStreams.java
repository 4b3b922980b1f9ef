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

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The one way to open an SSE stream: the entry point of the EventSource endpoint and of
 * the fetch transport (a POST answered with the same stream). Both get the same frames,
 * gaps, heartbeats and shutdown notice; only the {@link Transport} their statistics,
 * limits and client counts are kept under differs. The response is the Servlet API's own
 * async response, written without blocking (see {@link SseSink}).
 */
@Component
public final class SseStreams {

	private final FeedRegistry feeds;

	private final WireStats stats;

	/**
	 * Tomcat's write timeout: a stream whose client takes no write for this long ends.
	 */
	private final Duration stall;

	SseStreams(FeedRegistry feeds, WireStats stats, @Value("${server.tomcat.connection-timeout:60s}") Duration stall) {
		this.feeds = feeds;
		this.stats = stats;
		this.stall = stall;
	}

	/**
	 * Subscribes to {@code feed} from {@code from} ({@code null}: from the next event)
	 * and answers {@code text/event-stream}.
	 */
	public Subscription open(Transport transport, Feed feed, ResumePoint from, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		long retry = this.feeds.properties().sse().retryMillisFor(ThreadLocalRandom.current().nextDouble());
		SseSink sink = new SseSink(feed::epoch, retry, this.stall);
		// before the response starts: a full transport still gets its 503 problem
		Subscription subscription = feed.subscribe(transport, from, this.stats.meter(transport, sink));
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
		// the container's own request and response: Spring MVC wraps the response in one
		// that guards blocking writes, and its wrapper must not sit between Tomcat and
		// the
		// write listener
		AsyncContext async = request.startAsync(unwrap(request), unwrap(response));
		async.setTimeout(0); // none: heartbeats and the write timeout find dead clients
		async.addListener(new Ending(subscription, sink));
		sink.start(async);
		return subscription;
	}

	private static ServletRequest unwrap(ServletRequest request) {
		ServletRequest inner = request;
		while (inner instanceof ServletRequestWrapper wrapper) {
			inner = wrapper.getRequest();
		}
		return inner;
	}

	private static ServletResponse unwrap(ServletResponse response) {
		ServletResponse inner = response;
		while (inner instanceof ServletResponseWrapper wrapper) {
			inner = wrapper.getResponse();
		}
		return inner;
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
