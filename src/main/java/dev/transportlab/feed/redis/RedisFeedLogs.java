package dev.transportlab.feed.redis;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis feed log of this instance: opens a {@link RedisFeedLog} per feed, and runs
 * the {@link RedisStreamReader} that fills their windows and one sync thread that, once a
 * lease period, renews or takes the publisher leases, notices a new epoch or changed
 * settings, and shares this instance's client counts ({@link ClusterPresence}).
 */
public final class RedisFeedLogs implements FeedLogs, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisFeedLogs.class);

	private final StringRedisTemplate redis;

	private final LabProperties properties;

	private final Clock clock = Clock.systemUTC();

	private final String instance;

	private final Map<String, RedisFeedLog> logs = new ConcurrentHashMap<>();

	private final RedisAvailability availability = new RedisAvailability();

	private final RedisStreamReader reader;

	private final ClusterPresence presence;

	private volatile boolean running;

	private ScheduledExecutorService sync;

	/**
	 * @param commandTimeout spring.data.redis.timeout: a blocking read must return well
	 * within it
	 */
	public RedisFeedLogs(StringRedisTemplate redis, RedisConnectionFactory factory, LabProperties properties,
			Duration commandTimeout) {
		this.redis = redis;
		this.properties = properties;
		this.instance = hostName() + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
		Duration block = Duration.ofMillis(Math.max(50, Math.min(1000, commandTimeout.toMillis() / 2)));
		this.reader = new RedisStreamReader(factory, redis, this.availability, this.logs.values(), this.instance,
				block);
		this.presence = new ClusterPresence(redis, this.instance, this.clock);
	}

	// ---- FeedLogs -------------------------------------------------------------------

	@Override
	public FeedLog open(String feedId, FeedSettings settings, boolean owner) {
		RedisFeedLog log = new RedisFeedLog(this, feedId, settings, owner);
		this.logs.put(feedId, log);
		try {
			// no lease before this instance runs: it would lapse while the app starts
			log.sync(this.running);
			log.load();
			this.availability.ok();
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
		return this.availability.available();
	}

	RedisAvailability availability() {
		return this.availability;
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

	ClusterPresence presence() {
		return this.presence;
	}

	void failed(RuntimeException ex) {
		this.availability.failed(ex);
	}

	void arrived(RedisFeedLog log) {
		this.reader.arrived();
	}

	boolean awaitHead(RedisFeedLog log, long seq, long timeoutMillis) {
		return this.reader.awaitHead(log, seq, timeoutMillis);
	}

	void wakeReader() {
		this.reader.wake();
	}

	void closed(RedisFeedLog log, boolean deleteHistory) {
		this.logs.remove(log.id(), log);
		try {
			if (deleteHistory) {
				this.redis.delete(log.keys.all());
			}
			else {
				FeedScripts.release(this.redis, log.keys, this.instance);
			}
		}
		catch (RuntimeException ex) {
			// the lease expires by itself
			logger.debug("Feed {}: could not release the lease: {}", log.id(), ex.toString());
		}
	}

	// ---- the sync thread --------------------------------------------------------------

	private void syncAll() {
		try {
			for (RedisFeedLog log : this.logs.values()) {
				log.sync(true);
			}
			Map<String, Map<Transport, Integer>> clients = new HashMap<>();
			this.logs.forEach((id, log) -> clients.put(id, log.localClients()));
			this.presence.share(clients, Duration.ofMillis(3 * leaseMillis()));
			this.availability.ok();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	// ---- lifecycle --------------------------------------------------------------------

	@Override
	public void start() {
		this.running = true;
		this.reader.start();
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
		this.reader.stop();
		this.presence.leave();
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
