package dev.transportlab.feed.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.transportlab.feed.Transport;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The instances of the cluster and their clients: {@code lab:instances} (a sorted set,
 * score = expiry) names the living ones, {@code lab:clients:INSTANCE} (a hash, feed to
 * counts per transport, expiring, so a lost instance stops counting) holds each one's
 * clients. Every instance writes its own and sums the others'.
 */
final class ClusterPresence {

	private static final String INSTANCES = "lab:instances";

	private final StringRedisTemplate redis;

	private final String instance;

	private final Clock clock;

	private volatile Map<String, int[]> otherClients = Map.of();

	ClusterPresence(StringRedisTemplate redis, String instance, Clock clock) {
		this.redis = redis;
		this.instance = instance;
		this.clock = clock;
	}

	/** A feed's clients on this instance ({@code local}) and on the others. */
	Map<Transport, Integer> withOtherInstances(String feedId, Map<Transport, Integer> local) {
		int[] others = this.otherClients.get(feedId);
		if (others == null) {
			return local;
		}
		Map<Transport, Integer> total = new EnumMap<>(local);
		for (Transport transport : Transport.values()) {
			total.merge(transport, others[transport.ordinal()], Integer::sum);
		}
		return total;
	}

	/**
	 * Writes this instance's clients per feed, valid for {@code ttl}, and reads the other
	 * living instances' back.
	 */
	void share(Map<String, Map<Transport, Integer>> clients, Duration ttl) {
		long now = this.clock.millis();
		Map<String, String> mine = new HashMap<>();
		clients.forEach((feed, counts) -> {
			StringBuilder value = new StringBuilder();
			for (Transport transport : Transport.values()) {
				value.append(value.length() == 0 ? "" : ",").append(counts.getOrDefault(transport, 0));
			}
			mine.put(feed, value.toString());
		});
		String key = clientsKey(this.instance);
		this.redis.delete(key);
		if (!mine.isEmpty()) {
			this.redis.opsForHash().putAll(key, mine);
			this.redis.expire(key, ttl);
		}
		this.redis.opsForZSet().add(INSTANCES, this.instance, now + ttl.toMillis());
		this.redis.opsForZSet().removeRangeByScore(INSTANCES, 0, now);
		Set<String> instances = this.redis.opsForZSet().rangeByScore(INSTANCES, now, Double.MAX_VALUE);
		Map<String, int[]> totals = new HashMap<>();
		if (instances != null) {
			for (String other : instances) {
				if (!other.equals(this.instance)) {
					addClients(this.redis.opsForHash().entries(clientsKey(other)), totals);
				}
			}
		}
		this.otherClients = totals;
	}

	/** On a clean stop: this instance counts no more, at once rather than on expiry. */
	void leave() {
		try {
			this.redis.delete(clientsKey(this.instance));
			this.redis.opsForZSet().remove(INSTANCES, this.instance);
		}
		catch (RuntimeException ex) {
			// they expire
		}
	}

	private static void addClients(Map<Object, Object> theirs, Map<String, int[]> totals) {
		theirs.forEach((feed, value) -> {
			int[] sum = totals.computeIfAbsent((String) feed, f -> new int[Transport.values().length]);
			String[] parts = ((String) value).split(",");
			for (int i = 0; i < Math.min(parts.length, sum.length); i++) {
				sum[i] += Integer.parseInt(parts[i]);
			}
		});
	}

	private static String clientsKey(String instance) {
		return "lab:clients:" + instance;
	}

}
