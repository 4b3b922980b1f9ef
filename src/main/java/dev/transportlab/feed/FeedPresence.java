package dev.transportlab.feed;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who follows a feed on this instance: its open streams and sockets, and the polling
 * clients seen in the last seconds (a poll is a request, not a connection, so presence is
 * remembered for a while).
 */
final class FeedPresence {

	/** Polling clients count as connected for this long after their last request. */
	private static final long POLLING_PRESENCE_MICROS = 5_000_000;

	private static final int MAX_TRACKED_POLLERS = 100_000;

	private final Clock clock;

	private final Map<String, Long> pollers = new ConcurrentHashMap<>();

	FeedPresence(Clock clock) {
		this.clock = clock;
	}

	/** A polling request from {@code client} (a page's random id, or its address). */
	void polled(Transport transport, String client) {
		String key = transport.key() + ' ' + client;
		if (this.pollers.size() < MAX_TRACKED_POLLERS || this.pollers.containsKey(key)) {
			this.pollers.put(key, Micros.now(this.clock));
		}
	}

	/** Clients per transport: every transport listed, zero included. */
	Map<Transport, Integer> count(Collection<Subscription> subscriptions) {
		Map<Transport, Integer> clients = new EnumMap<>(Transport.class);
		for (Transport transport : Transport.values()) {
			clients.put(transport, 0);
		}
		for (Subscription subscription : subscriptions) {
			clients.merge(subscription.transport(), 1, Integer::sum);
		}
		long since = Micros.now(this.clock) - POLLING_PRESENCE_MICROS;
		this.pollers.values().removeIf(seen -> seen < since);
		String longPolling = Transport.LONG_POLLING.key() + ' ';
		this.pollers.keySet()
			.forEach(key -> clients.merge(key.startsWith(longPolling) ? Transport.LONG_POLLING : Transport.POLLING, 1,
					Integer::sum));
		return clients;
	}

}
