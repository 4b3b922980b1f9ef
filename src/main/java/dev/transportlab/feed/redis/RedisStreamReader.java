package dev.transportlab.feed.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One blocking XREAD loop, on a thread of its own, for all the streams of this instance's
 * feeds: each stream is read once per instance, whatever the number of clients. A newly
 * opened feed wakes it through a stream of its own ({@code lab:wake:INSTANCE}), so that
 * the next read includes the new stream. Long polls wait here for their seq.
 */
final class RedisStreamReader {

	private static final int READ_COUNT = 500;

	private final RedisConnectionFactory factory;

	private final StringRedisTemplate redis;

	private final RedisAvailability availability;

	private final Collection<RedisFeedLog> logs;

	private final String wakeKey;

	private final Duration block;

	private final Object arrivals = new Object();

	private volatile boolean running;

	private volatile Thread thread;

	/**
	 * @param logs the open logs, a live view that the reader copies at every read
	 * @param block how long one XREAD waits for an entry
	 */
	RedisStreamReader(RedisConnectionFactory factory, StringRedisTemplate redis, RedisAvailability availability,
			Collection<RedisFeedLog> logs, String instance, Duration block) {
		this.factory = factory;
		this.redis = redis;
		this.availability = availability;
		this.logs = logs;
		this.wakeKey = "lab:wake:" + instance;
		this.block = block;
	}

	void start() {
		this.running = true;
		Thread reader = new Thread(this::read, "redis-feed-reader");
		reader.setDaemon(true);
		this.thread = reader;
		reader.start();
	}

	/** Waits for the current read to end (it blocks at most {@code block}). */
	void stop() {
		this.running = false;
		Thread reader = this.thread;
		if (reader != null) {
			try {
				reader.join(this.block.toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.redis.delete(this.wakeKey);
		}
		catch (RuntimeException ex) {
			// the next instance of this name starts with a fresh offset anyway
		}
	}

	/** Makes the blocking read return now, so that it reads a newly opened stream too. */
	void wake() {
		if (!this.running) {
			return;
		}
		try {
			this.redis.opsForStream().add(this.wakeKey, Map.of("w", "1"));
			this.redis.opsForStream().trim(this.wakeKey, 1);
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
		}
	}

	void arrived() {
		synchronized (this.arrivals) {
			this.arrivals.notifyAll();
		}
	}

	boolean awaitHead(RedisFeedLog log, long seq, long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.arrivals) {
			while (log.head() < seq) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0 || !this.running) {
					return false;
				}
				try {
					this.arrivals.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	private void read() {
		RedisConnection connection = null;
		String wakeOffset = "0-0";
		while (this.running) {
			try {
				if (connection == null) {
					connection = this.factory.getConnection();
				}
				wakeOffset = readOnce(connection, wakeOffset);
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				this.availability.failed(ex);
				if (connection != null) {
					closeQuietly(connection);
					connection = null;
				}
				pause(500);
			}
		}
		if (connection != null) {
			closeQuietly(connection);
		}
	}

	/** One XREAD over every open stream; answers the wake stream's new offset. */
	private String readOnce(RedisConnection connection, String wakeOffset) {
		Map<String, RedisFeedLog> byKey = new HashMap<>();
		Map<String, Integer> generations = new HashMap<>();
		List<StreamOffset<byte[]>> offsets = new ArrayList<>();
		offsets.add(StreamOffset.create(bytes(this.wakeKey), ReadOffset.from(wakeOffset)));
		for (RedisFeedLog log : new ArrayList<>(this.logs)) {
			byKey.put(log.keys.stream(), log);
			generations.put(log.keys.stream(), log.generation());
			offsets.add(StreamOffset.create(bytes(log.keys.stream()), ReadOffset.from(log.offset())));
		}
		@SuppressWarnings("unchecked")
		List<ByteRecord> records = connection.streamCommands()
			.xRead(StreamReadOptions.empty().count(READ_COUNT).block(this.block), offsets.toArray(new StreamOffset[0]));
		this.availability.ok();
		if (records == null) {
			return wakeOffset;
		}
		String newWakeOffset = wakeOffset;
		Map<String, List<ByteRecord>> byStream = new HashMap<>();
		for (ByteRecord record : records) {
			String key = new String(record.getStream(), StandardCharsets.UTF_8);
			if (key.equals(this.wakeKey)) {
				newWakeOffset = record.getId().getValue();
			}
			else {
				byStream.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
			}
		}
		byStream.forEach((key, list) -> {
			RedisFeedLog log = byKey.get(key);
			if (log != null) {
				log.received(list, generations.get(key));
			}
		});
		return newWakeOffset;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			// already broken
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
