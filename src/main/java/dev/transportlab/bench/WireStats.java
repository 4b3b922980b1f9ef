package dev.transportlab.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;

import org.springframework.stereotype.Component;

/**
 * What each transport costs on the wire, counted where the bytes are written: events,
 * body bytes (headers not counted), HTTP requests, empty polling answers, gap notices.
 * The same figures feed /api/stats and the Prometheus endpoint.
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

	public void request(Transport transport) {
		this.counters.get(transport).requests.increment();
	}

	public void sent(Transport transport, int events, long bytes) {
		Counters c = this.counters.get(transport);
		c.events.add(events);
		c.bytes.add(bytes);
		if (events == 0 && (transport == Transport.POLLING || transport == Transport.LONG_POLLING)) {
			c.emptyResponses.increment();
		}
	}

	public void gap(Transport transport) {
		this.counters.get(transport).gaps.increment();
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
		Map<String, TransportFigures> snapshot = new java.util.LinkedHashMap<>();
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

	private static final class Counters {

		final LongAdder events = new LongAdder();

		final LongAdder bytes = new LongAdder();

		final LongAdder requests = new LongAdder();

		final LongAdder emptyResponses = new LongAdder();

		final LongAdder gaps = new LongAdder();

	}

}
