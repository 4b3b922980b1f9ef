package dev.transportlab.feed;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who follows a feed: open streams and sockets per transport, and polling clients (one
 * per client id and transport) for exactly 5 s after their last request, on a clock the
 * test moves.
 */
class FeedPresenceUnitTests {

	private final ExecutorService dispatch = Executors.newSingleThreadExecutor();

	private final FeedTests.MutableClock clock = new FeedTests.MutableClock();

	private final Feed feed = new Feed("t", new FeedSettings(null, null),
			new InMemoryFeedLog("e1", 100, Duration.ofMinutes(5), this.clock), this.clock, this.dispatch,
			new ConnectionLimiter(10), CatchUp.LATEST, 500);

	@AfterEach
	void stop() {
		this.dispatch.shutdownNow();
	}

	@Test
	void everyTransportIsListedZeroIncluded() {
		assertThat(this.feed.localClients()).isEqualTo(counts(0, 0, 0, 0, 0));
		assertThat(this.feed.clients()).as("memory log: this instance's clients").isEqualTo(counts(0, 0, 0, 0, 0));
	}

	@Test
	void pollingClientsCountOncePerIdAndTransportBesideOpenConnections() {
		this.feed.polled(Transport.POLLING, "a");
		this.feed.polled(Transport.POLLING, "a");
		this.feed.polled(Transport.POLLING, "b");
		this.feed.polled(Transport.LONG_POLLING, "a");
		this.feed.subscribe(Transport.SSE, null, new PushSubscribersUnitTests.Sink(true));
		this.feed.subscribe(Transport.SSE, null, new PushSubscribersUnitTests.Sink(true));
		this.feed.subscribe(Transport.WEBSOCKET, null, new PushSubscribersUnitTests.Sink(true));
		assertThat(this.feed.localClients()).isEqualTo(counts(2, 1, 1, 2, 0));
	}

	@Test
	void aPollingClientCountsForFiveSecondsAfterItsLastRequest() {
		this.feed.polled(Transport.POLLING, "early");
		this.clock.advance(Duration.ofSeconds(3));
		this.feed.polled(Transport.LONG_POLLING, "late");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.feed.localClients()).as("5 s after: still here").isEqualTo(counts(1, 1, 0, 0, 0));
		this.clock.advance(Duration.ofNanos(1000));
		assertThat(this.feed.localClients()).as("5 s and 1 us after: gone").isEqualTo(counts(0, 1, 0, 0, 0));
		this.feed.polled(Transport.POLLING, "early");
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.feed.localClients()).isEqualTo(counts(1, 0, 0, 0, 0));
	}

	private static Map<Transport, Integer> counts(int polling, int longPolling, int webSocket, int sse, int fetch) {
		Map<Transport, Integer> counts = new EnumMap<>(Transport.class);
		counts.put(Transport.POLLING, polling);
		counts.put(Transport.LONG_POLLING, longPolling);
		counts.put(Transport.WEBSOCKET, webSocket);
		counts.put(Transport.SSE, sse);
		counts.put(Transport.FETCH, fetch);
		return counts;
	}

}
