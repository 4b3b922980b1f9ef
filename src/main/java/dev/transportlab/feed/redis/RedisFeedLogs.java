package dev.transportlab.feed.redis;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.LabProperties;
import dev.transportlab.feed.FeedLog;
import dev.transportlab.feed.FeedLogUnavailableException;
import dev.transportlab.feed.FeedLogs;
import dev.transportlab.feed.FeedSettings;
import dev.transportlab.feed.InMemoryFeedLog;
import dev.transportlab.feed.Transport;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis feed log of this instance: one blocking XREAD loop for all its feeds' streams
 * (each stream is read once per instance, whatever the number of clients), and one sync
 * thread that, once a lease period, renews or takes the publisher leases, notices a new
 * epoch or changed settings, and shares this instance's client counts
 * ({@code lab:clients:INSTANCE}, summed by every instance).
 */
public final class RedisFeedLogs implements FeedLogs, SmartLifecycle {

	static final RedisScript<List> SYNC = RedisScript.of(new ClassPathResource("dev/transportlab/feed/redis/sync.lua"),
			List.class);

	static final RedisScript<List> APPEND = RedisScript
		.of(new ClassPathResource("dev/transportlab/feed/redis/append.lua"), List.class);

	static final RedisScript<Long> RELEASE = RedisScript
		.of(new ClassPathResource("dev/transportlab/feed/redis/release.lua"), Long.class);

	private static final Logger logger = LoggerFactory.getLogger(RedisFeedLogs.class);

	private static final String INSTANCES = "lab:instances";

	private static final int READ_COUNT = 500;

	private final StringRedisTemplate redis;

	private final RedisConnectionFactory factory;

	private final LabProperties properties;

	private final Clock clock = Clock.systemUTC();

	private final String instance;

	private final String wakeKey;

	private final Duration block;

	private final Map<String, RedisFeedLog> logs = new ConcurrentHashMap<>();

	private final Object arrivals = new Object();

	private volatile Map<String, int[]> otherClients = Map.of();

	private volatile boolean available = true;

	private volatile boolean running;

	private volatile Thread reader;

	private ScheduledExecutorService sync;

	/**
	 * @param commandTimeout spring.data.redis.timeout: a blocking read must return well
	 * within it
	 */
	public RedisFeedLogs(StringRedisTemplate redis, RedisConnectionFactory factory, LabProperties properties,
			Duration commandTimeout) {
		this.redis = redis;
		this.factory = factory;
		this.properties = properties;
		this.instance = hostName() + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
		this.wakeKey = "lab:wake:" + this.instance;
		this.block = Duration.ofMillis(Math.max(50, Math.min(1000, commandTimeout.toMillis() / 2)));
	}

	// ---- FeedLogs -------------------------------------------------------------------

	@Override
	public FeedLog open(String feedId, FeedSettings settings, boolean owner) {
		RedisFeedLog log = new RedisFeedLog(this, feedId, settings, owner);
		this.logs.put(feedId, log);
		try {
			// no lease before this instance runs: it would lapse while the app still
			// starts
			log.sync(this.running);
			log.load();
			ok();
		}
		catch (RuntimeException ex) {
			failed(ex); // the sync thread tries again; until then the feed stands still
		}
		wakeReader();
		return log;
	}

	@Override
	public FeedSettings find(String feedId) {
		try {
			List<Object> fields = this.redis.opsForHash()
				.multiGet("lab:feed:" + feedId, List.of("epoch", "rate", "markers"));
			if (fields.get(0) == null) {
				return null;
			}
			String rate = (String) fields.get(1);
			String markers = (String) fields.get(2);
			if (rate == null || rate.isEmpty()) {
				return new FeedSettings(null, null);
			}
			return new FeedSettings(Integer.valueOf(rate), Integer.valueOf(markers));
		}
		catch (RuntimeException ex) {
			failed(ex);
			return null;
		}
	}

	@Override
	public long nextNumber(String sequence, long local) {
		try {
			Long next = this.redis.opsForValue().increment("lab:next:" + sequence);
			return next != null ? next : local;
		}
		catch (RuntimeException ex) {
			failed(ex);
			throw new FeedLogUnavailableException("Redis (the shared feed log) cannot be reached, so no " + sequence
					+ " id unique across the instances can be given; try again when it is back.", ex);
		}
	}

	// ---- shared with the logs ---------------------------------------------------------

	StringRedisTemplate redis() {
		return this.redis;
	}

	String instance() {
		return this.instance;
	}

	boolean available() {
		return this.available;
	}

	long leaseMillis() {
		return this.properties.redis().leaseTtl().toMillis();
	}

	int windowSize() {
		return this.properties.replay().size();
	}

	/**
	 * Benchmark and job feeds expire when no instance keeps them any more; the live feed
	 * never does.
	 */
	long keyTtlMillis(String feedId) {
		if ("live".equals(feedId)) {
			return 0;
		}
		return Math.max(60_000, 2 * this.properties.limits().benchFeedIdleTimeout().toMillis());
	}

	InMemoryFeedLog newWindow(String epoch) {
		return new InMemoryFeedLog(epoch, this.properties.replay().size(), this.properties.replay().maxAge(),
				this.clock);
	}

	int[] otherClients(String feedId) {
		return this.otherClients.get(feedId);
	}

	void failed(RuntimeException ex) {
		if (this.available) {
			this.available = false;
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			logger.warn("Redis (the feed log) is unavailable: {}. Clients stay connected; new events wait for it.",
					cause.toString());
		}
	}

	private void ok() {
		if (!this.available) {
			this.available = true;
			logger.info("Redis (the feed log) is available again");
		}
	}

	void arrived(RedisFeedLog log) {
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

	void closed(RedisFeedLog log, boolean deleteHistory) {
		this.logs.remove(log.id(), log);
		try {
			if (deleteHistory) {
				this.redis.delete(List.of(log.metaKey, log.streamKey, log.leaseKey));
			}
			else {
				this.redis.execute(RELEASE, List.of(log.leaseKey), this.instance);
			}
		}
		catch (RuntimeException ex) {
			// the lease expires by itself
			logger.debug("Feed {}: could not release the lease: {}", log.id(), ex.toString());
		}
	}

	/** Makes the blocking read return now, so that it reads a newly opened stream too. */
	void wakeReader() {
		if (!this.running) {
			return;
		}
		try {
			this.redis.opsForStream().add(this.wakeKey, Map.of("w", "1"));
			this.redis.opsForStream().trim(this.wakeKey, 1);
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	// ---- the reader -------------------------------------------------------------------

	private void read() {
		RedisConnection connection = null;
		String wakeOffset = "0-0";
		while (this.running) {
			try {
				if (connection == null) {
					connection = this.factory.getConnection();
				}
				List<RedisFeedLog> open = new ArrayList<>(this.logs.values());
				Map<String, RedisFeedLog> byKey = new HashMap<>();
				Map<String, Integer> generations = new HashMap<>();
				List<StreamOffset<byte[]>> offsets = new ArrayList<>();
				offsets.add(StreamOffset.create(bytes(this.wakeKey),
						org.springframework.data.redis.connection.stream.ReadOffset.from(wakeOffset)));
				for (RedisFeedLog log : open) {
					byKey.put(log.streamKey, log);
					generations.put(log.streamKey, log.generation());
					offsets.add(StreamOffset.create(bytes(log.streamKey),
							org.springframework.data.redis.connection.stream.ReadOffset.from(log.offset())));
				}
				@SuppressWarnings("unchecked")
				List<ByteRecord> records = connection.streamCommands()
					.xRead(StreamReadOptions.empty().count(READ_COUNT).block(this.block),
							offsets.toArray(new StreamOffset[0]));
				ok();
				if (records == null) {
					continue;
				}
				Map<String, List<ByteRecord>> byStream = new HashMap<>();
				for (ByteRecord record : records) {
					String key = new String(record.getStream(), StandardCharsets.UTF_8);
					if (key.equals(this.wakeKey)) {
						wakeOffset = record.getId().getValue();
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
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				failed(ex);
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

	// ---- the sync thread --------------------------------------------------------------

	private void syncAll() {
		try {
			for (RedisFeedLog log : this.logs.values()) {
				log.sync(true);
			}
			shareClients();
			ok();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/**
	 * This instance's clients per feed go to {@code lab:clients:INSTANCE} (expiring, so a
	 * lost instance stops counting); the other instances' are read back and kept for
	 * {@link RedisFeedLog#clients}.
	 */
	private void shareClients() {
		long now = this.clock.millis();
		long ttl = 3 * leaseMillis();
		Map<String, String> mine = new HashMap<>();
		for (RedisFeedLog log : this.logs.values()) {
			Map<Transport, Integer> counts = log.localClients();
			StringBuilder value = new StringBuilder();
			for (Transport transport : Transport.values()) {
				value.append(value.length() == 0 ? "" : ",").append(counts.getOrDefault(transport, 0));
			}
			mine.put(log.id(), value.toString());
		}
		String key = "lab:clients:" + this.instance;
		this.redis.delete(key);
		if (!mine.isEmpty()) {
			this.redis.opsForHash().putAll(key, mine);
			this.redis.expire(key, Duration.ofMillis(ttl));
		}
		this.redis.opsForZSet().add(INSTANCES, this.instance, now + ttl);
		this.redis.opsForZSet().removeRangeByScore(INSTANCES, 0, now);
		Set<String> instances = this.redis.opsForZSet().rangeByScore(INSTANCES, now, Double.MAX_VALUE);
		Map<String, int[]> totals = new HashMap<>();
		if (instances != null) {
			for (String other : instances) {
				if (other.equals(this.instance)) {
					continue;
				}
				Map<Object, Object> theirs = this.redis.opsForHash().entries("lab:clients:" + other);
				theirs.forEach((feed, value) -> {
					int[] sum = totals.computeIfAbsent((String) feed, f -> new int[Transport.values().length]);
					String[] parts = ((String) value).split(",");
					for (int i = 0; i < Math.min(parts.length, sum.length); i++) {
						sum[i] += Integer.parseInt(parts[i]);
					}
				});
			}
		}
		this.otherClients = totals;
	}

	// ---- lifecycle --------------------------------------------------------------------

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::read, "redis-feed-reader");
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		this.sync = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread syncThread = new Thread(runnable, "redis-feed-sync");
			syncThread.setDaemon(true);
			return syncThread;
		});
		long period = Math.max(100, leaseMillis() / 3);
		this.sync.scheduleWithFixedDelay(this::syncAll, 0, period, TimeUnit.MILLISECONDS);
		logger.info("Feed log: Redis Streams, instance {}, publisher lease {} ms", this.instance, leaseMillis());
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.sync != null) {
			this.sync.shutdownNow();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(this.block.toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.redis.delete("lab:clients:" + this.instance);
			this.redis.opsForZSet().remove(INSTANCES, this.instance);
			this.redis.delete(this.wakeKey);
		}
		catch (RuntimeException ex) {
			// they expire
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the feed registry (which closes the feeds and releases their leases)
	 * and before the connection factory.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1000;
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

	private static String hostName() {
		try {
			String name = InetAddress.getLocalHost().getHostName();
			int dot = name.indexOf('.');
			return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9-]", "");
		}
		catch (Exception ex) {
			return "lab";
		}
	}

}
