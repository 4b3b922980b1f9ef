package dev.transportlab.bench;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.FeedSink;
import dev.transportlab.feed.Gap;
import dev.transportlab.feed.Transport;

import org.springframework.stereotype.Component;

/**
 * What each transport writes, counted in one place: push transports hand their sink to
 * {@link #meter} (a decorator of the FeedSink seam), polling reports each answer to
 * {@link #answered}. Figures: events, payload bytes (bodies and SSE framing; HTTP
 * headers, chunk and WebSocket framing and compression are not seen here — the comparison
 * run counts those on the wire), HTTP requests or WebSocket connections, empty polling
 * answers, gap notices. The same figures feed /api/stats and the Prometheus endpoint.
 */
@Component
public class WireStats {

	private final Map<Transport, Counters> counters = new EnumMap<>(Transport.class);

	private final FeedRegistry feeds;

	public WireStats(FeedRegistry feeds, MeterRegistry meters) {
		this.feeds = feeds;
		for (Transport transport : Transport.values()) {
			Counters c = new Counters();
			this.counters.put(transport, c);
			String tag = transport.key();
			FunctionCounter.builder("lab.transport.events", c.events, LongAdder::sum)
				.tag("transport", tag)
				.description("Feed events sent")
				.register(meters);
			FunctionCounter.builder("lab.transport.bytes", c.bytes, LongAdder::sum)
				.tag("transport", tag)
				.baseUnit("bytes")
				.description("Body bytes written")
				.register(meters);
			FunctionCounter.builder("lab.transport.requests", c.requests, LongAdder::sum)
				.tag("transport", tag)
				.description("HTTP requests or WebSocket handshakes")
				.register(meters);
			FunctionCounter.builder("lab.transport.empty.responses", c.emptyResponses, LongAdder::sum)
				.tag("transport", tag)
				.description("Polling answers without events")
				.register(meters);
			FunctionCounter.builder("lab.transport.gaps", c.gaps, LongAdder::sum)
				.tag("transport", tag)
				.description("Gap notices sent")
				.register(meters);
			Gauge.builder("lab.transport.connections", () -> connections(transport))
				.tag("transport", tag)
				.description("Connected clients (polling: seen in the last 5 s)")
				.register(meters);
		}
	}

	/** A push connection: counts it, and everything its sink writes. */
	public FeedSink meter(Transport transport, FeedSink sink) {
		Counters c = this.counters.get(transport);
		c.requests.increment();
		return new MeteredSink(sink, c);
	}

	/** One polling answer: a request, its events, its gap notice if any, its body. */
	public void answered(Transport transport, int events, boolean gap, long bytes) {
		Counters c = this.counters.get(transport);
		c.requests.increment();
		c.events.add(events);
		c.bytes.add(bytes);
		if (events == 0) {
			c.emptyResponses.increment();
		}
		if (gap) {
			c.gaps.increment();
		}
	}

	public int connections(Transport transport) {
		int total = 0;
		for (Feed feed : this.feeds.all()) {
			total += feed.clients().get(transport);
		}
		return total;
	}

	/** A snapshot, per transport, for /api/stats. */
	public Map<String, TransportFigures> snapshot() {
		Map<String, TransportFigures> snapshot = new LinkedHashMap<>();
		for (Transport transport : Transport.values()) {
			Counters c = this.counters.get(transport);
			snapshot.put(transport.key(), new TransportFigures(connections(transport), c.events.sum(), c.bytes.sum(),
					c.requests.sum(), c.emptyResponses.sum(), c.gaps.sum()));
		}
		return snapshot;
	}

	public record TransportFigures(int connections, long events, long bytes, long requests, long emptyResponses,
			long gaps) {
	}

	private record MeteredSink(FeedSink sink, Counters counters) implements FeedSink {

		@Override
		public long sendEvents(List<FeedEvent> events) throws IOException {
			long bytes = this.sink.sendEvents(events);
			this.counters.events.add(events.size());
			this.counters.bytes.add(bytes);
			return bytes;
		}

		@Override
		public long sendGap(Gap gap) throws IOException {
			long bytes = this.sink.sendGap(gap);
			this.counters.gaps.increment();
			this.counters.bytes.add(bytes);
			return bytes;
		}

		@Override
		public void sendHeartbeat() throws IOException {
			this.sink.sendHeartbeat();
		}

		@Override
		public void close(EndReason reason) {
			this.sink.close(reason);
		}

		@Override
		public boolean nonBlocking() {
			return this.sink.nonBlocking();
		}

		@Override
		public boolean writable() {
			return this.sink.writable();
		}

		@Override
		public void onWritable(Runnable wake) {
			this.sink.onWritable(wake);
		}

		@Override
		public boolean stalled(long nowNanos) {
			return this.sink.stalled(nowNanos);
		}

	}

	private static final class Counters {

		final LongAdder events = new LongAdder();

		final LongAdder bytes = new LongAdder();

		final LongAdder requests = new LongAdder();

		final LongAdder emptyResponses = new LongAdder();

		final LongAdder gaps = new LongAdder();

	}

}
