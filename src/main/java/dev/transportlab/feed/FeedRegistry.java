package dev.transportlab.feed;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.LabProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * All feeds: {@code live}, which always exists, and benchmark feeds made on demand,
 * capped in number and in rate x markers, removed when unused. Stops first on shutdown so
 * that every client is told goodbye while the web server still runs.
 */
@Component
public class FeedRegistry implements SmartLifecycle {

	public static final String LIVE = "live";

	/** Job N's feed is {@code job-N} (jobs/ names it with this). */
	public static final String JOB_PREFIX = "job-";

	private static final String BENCH_PREFIX = "bench-";

	/**
	 * Private feeds are benchmark feeds under this prefix: every instance knows from the
	 * id alone that a token is needed (no shared state to lose or forge), and they are
	 * limited, followed and removed when idle like the others.
	 */
	private static final String PRIVATE_PREFIX = BENCH_PREFIX + "private-";

	private static final Logger logger = LoggerFactory.getLogger(FeedRegistry.class);

	private final LabProperties properties;

	private final Clock clock;

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	private final AtomicInteger benchFeedNumber = new AtomicInteger();

	private final ConnectionLimiter limiter;

	private final FeedLogs logs;

	private final FeedLimits limits;

	private ScheduledExecutorService clockThreads;

	private ExecutorService dispatch;

	private volatile boolean running;

	/**
	 * @param logs the shared log when one is configured ({@code lab.feed-log=redis});
	 * otherwise every feed keeps its history in memory
	 */
	@Autowired
	public FeedRegistry(LabProperties properties, ObjectProvider<FeedLogs> logs) {
		this(properties, Clock.systemUTC(), logs.getIfAvailable());
	}

	FeedRegistry(LabProperties properties, Clock clock) {
		this(properties, clock, null);
	}

	private FeedRegistry(LabProperties properties, Clock clock, FeedLogs logs) {
		this.properties = properties;
		this.clock = clock;
		this.logs = (logs != null) ? logs : new InMemoryFeedLogs(properties.replay(), clock);
		this.limiter = new ConnectionLimiter(properties.limits().maxConnectionsPerTransport());
		this.limits = new FeedLimits(properties);
		// The live feed exists before the web server opens its port (start() runs after
		// it): a client reconnecting at that moment must find it, not a 404, on which a
		// browser's EventSource gives up for good. It starts ticking in start().
		prepare();
	}

	/**
	 * Threads and the live feed, new ones after a stop (the test context cache stops and
	 * restarts contexts).
	 */
	private synchronized void prepare() {
		if (this.dispatch == null || this.dispatch.isShutdown()) {
			ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(2,
					DaemonThreads.named("feed-clock-"));
			threads.setRemoveOnCancelPolicy(true);
			this.clockThreads = threads;
			this.dispatch = PushThreads.create(this.properties.limits().pushThreads());
		}
		Feed live = this.feeds.get(LIVE);
		if (live == null || live.isClosed()) {
			this.feeds.put(LIVE, newFeed(LIVE, this.limits.validate(this.limits.defaults()), true, CatchUp.LATEST));
		}
	}

	/** Open connections per transport, across feeds, against the cap. */
	public ConnectionLimiter limiter() {
		return this.limiter;
	}

	public Feed get(String id) {
		Feed feed = this.feeds.get(id);
		if (feed == null) {
			feed = follow(id);
		}
		if (feed == null) {
			throw new UnknownFeedException(id);
		}
		return feed;
	}

	/**
	 * A feed another instance made (a benchmark feed, a job), when the log is shared:
	 * this instance follows it from now on.
	 */
	private Feed follow(String id) {
		if (id.length() > 64 || !(id.startsWith(BENCH_PREFIX) || id.startsWith(JOB_PREFIX))) {
			return null;
		}
		FeedSettings settings = this.logs.find(id);
		if (settings == null) {
			return null;
		}
		synchronized (this) {
			Feed feed = this.feeds.get(id);
			if (feed == null) {
				// replays what its maker would: a job its whole history, others the
				// present
				feed = newFeed(id, settings, false, id.startsWith(JOB_PREFIX) ? CatchUp.HISTORY : CatchUp.LATEST);
				this.feeds.put(id, feed);
				if (feed.isGenerated()) {
					feed.start(this.clockThreads);
				}
				logger.info("Following feed {} made by another instance", id);
			}
			return feed;
		}
	}

	public Collection<Feed> all() {
		return this.feeds.values();
	}

	public LabProperties properties() {
		return this.properties;
	}

	/** True for feeds readable only with a token (auth/). */
	public static boolean isPrivate(String id) {
		return id.startsWith(PRIVATE_PREFIX);
	}

	/** A new benchmark feed with its own rate and size. */
	public Feed create(FeedSettings requested) {
		return create(requested, false);
	}

	/** A new benchmark feed; a private one is read only with a token for it. */
	public Feed create(FeedSettings requested, boolean isPrivate) {
		FeedSettings settings = this.limits.validate(this.limits.defaults().merge(requested));
		this.limits
			.checkRoomForBenchFeed(this.feeds.keySet().stream().filter(id -> id.startsWith(BENCH_PREFIX)).count());
		String id = (isPrivate ? PRIVATE_PREFIX : BENCH_PREFIX)
				+ this.logs.nextNumber("bench", this.benchFeedNumber.incrementAndGet());
		Feed feed = newFeed(id, settings, true, CatchUp.LATEST);
		this.feeds.put(id, feed);
		feed.start(this.clockThreads);
		logger.info("Created feed {} at {} events/s with {} markers", id, settings.rate(), settings.markers());
		return feed;
	}

	/**
	 * A feed that is not generated: its owner publishes with {@link Feed#append} and
	 * removes it with {@link #remove}. Same replay window, same transports.
	 */
	public Feed createPublished(String id) {
		return createPublished(id, CatchUp.LATEST);
	}

	/**
	 * A published feed that replays {@code catchUp} to a client that lost its place (job
	 * feeds: their whole history).
	 */
	public Feed createPublished(String id, CatchUp catchUp) {
		Feed feed = newFeed(id, new FeedSettings(null, null), true, catchUp);
		if (this.feeds.putIfAbsent(id, feed) != null) {
			throw new IllegalStateException("feed " + id + " exists");
		}
		return feed;
	}

	/** Ends a feed: its push clients are told (feed removed), its long polls answered. */
	public void remove(String id) {
		Feed feed = this.feeds.remove(id);
		if (feed != null) {
			feed.close(FeedSink.EndReason.FEED_REMOVED);
		}
	}

	public Feed update(String id, FeedSettings change) {
		Feed feed = get(id);
		if (!feed.isGenerated()) {
			throw new FeedLimitException("Feed '" + id + "' is not generated: it has no rate or markers to change.",
					false);
		}
		FeedSettings settings = this.limits.validate(feed.settings().merge(change));
		feed.reconfigure(settings);
		logger.info("Feed {} now at {} events/s with {} markers", id, settings.rate(), settings.markers());
		return feed;
	}

	/** A number for a new job id: unique across instances that share a log. */
	public long nextNumber(String sequence, long local) {
		return this.logs.nextNumber(sequence, local);
	}

	private Feed newFeed(String id, FeedSettings settings, boolean owner, CatchUp catchUp) {
		Feed feed = new Feed(id, settings, this.logs.open(id, settings, owner), this.clock, this.dispatch, this.limiter,
				catchUp, this.properties.limits().maxBatch());
		feed.onVanished(() -> {
			if (this.feeds.remove(id, feed)) {
				feed.close(FeedSink.EndReason.FEED_REMOVED);
				logger.info("Feed {} ended on another instance", id);
			}
		});
		return feed;
	}

	private void removeIdleBenchFeeds() {
		long idleSince = Micros.now(this.clock) - this.properties.limits().benchFeedIdleTimeout().toNanos() / 1000;
		this.feeds.values().removeIf(feed -> {
			boolean idle = feed.id().startsWith(BENCH_PREFIX) && feed.idleSince(idleSince);
			if (idle) {
				feed.close(FeedSink.EndReason.FEED_REMOVED);
				logger.info("Removed idle feed {}", feed.id());
			}
			return idle;
		});
	}

	// ---- lifecycle -------------------------------------------------------------------

	@Override
	public void start() {
		prepare();
		Feed live = this.feeds.get(LIVE);
		live.start(this.clockThreads);
		long heartbeat = this.properties.sse().heartbeat().toMillis();
		this.clockThreads.scheduleWithFixedDelay(() -> this.feeds.values().forEach(f -> {
			f.heartbeat(Transport.SSE);
			f.heartbeat(Transport.FETCH); // the same SSE stream, read with fetch
		}), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		long ping = this.properties.websocket().pingInterval().toMillis();
		this.clockThreads.scheduleWithFixedDelay(
				() -> this.feeds.values().forEach(f -> f.heartbeat(Transport.WEBSOCKET)), ping, ping,
				TimeUnit.MILLISECONDS);
		this.clockThreads.scheduleWithFixedDelay(this::removeIdleBenchFeeds, 5, 5, TimeUnit.SECONDS);
		this.clockThreads.scheduleWithFixedDelay(() -> this.feeds.values().forEach(Feed::endStalled), 1, 1,
				TimeUnit.SECONDS);
		this.running = true;
		logger.info("Feed live started at {} events/s with {} markers, epoch {}", live.settings().rate(),
				live.settings().markers(), live.epoch());
	}

	@Override
	public void stop() {
		this.running = false;
		this.feeds.values().forEach(feed -> feed.close(FeedSink.EndReason.SHUTDOWN));
		this.clockThreads.shutdownNow();
		this.dispatch.shutdown();
		try {
			// let the goodbyes (SSE notice, WebSocket 1001, long-poll answers) go out
			this.dispatch.awaitTermination(3, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
