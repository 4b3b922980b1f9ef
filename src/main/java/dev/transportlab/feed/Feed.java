package dev.transportlab.feed;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event source: a generator ticking at {@code rate}, a replay log, and the clients
 * that follow it. Push subscribers are signalled on every event and pull from the log at
 * their own pace; long polls wait as one-shot callbacks. Nothing here blocks on a client.
 */
public final class Feed {

	private static final Logger logger = LoggerFactory.getLogger(Feed.class);

	/** Polling clients count as connected for this long after their last request. */
	private static final long POLLING_PRESENCE_MICROS = 5_000_000;

	private static final int MAX_TRACKED_POLLERS = 100_000;

	/**
	 * How long a read waits for a shared log to catch up with a resume point another
	 * instance already delivered.
	 */
	private static final long CATCH_UP_MILLIS = 1000;

	private final String id;

	private final FeedLog log;

	private final Clock clock;

	private final Executor dispatch;

	private final ConnectionLimiter limiter;

	private final CatchUp catchUp;

	private final DashboardGenerator generator = new DashboardGenerator();

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();

	private final Map<String, Long> pollers = new ConcurrentHashMap<>();

	private final AtomicLong serializations = new AtomicLong();

	/** One fan-out pass at a time per feed; {@link #fanOutAgain} asks for another. */
	private final AtomicBoolean fanningOut = new AtomicBoolean();

	private volatile boolean fanOutAgain;

	private final long startMicros;

	private volatile FeedSettings settings;

	private volatile long lastActivityMicros;

	private volatile boolean closed;

	private ScheduledFuture<?> ticking;

	private ScheduledExecutorService clockThreads;

	private volatile Runnable onVanished = () -> {
	};

	Feed(String id, FeedSettings settings, FeedLog log, Clock clock, Executor dispatch, ConnectionLimiter limiter,
			CatchUp catchUp) {
		this.limiter = limiter;
		this.catchUp = catchUp;
		this.id = id;
		this.settings = settings;
		this.log = log;
		this.clock = clock;
		this.dispatch = dispatch;
		this.startMicros = Micros.now(clock);
		this.lastActivityMicros = this.startMicros;
		log.watch(new FeedLog.Listener() {

			@Override
			public void appended() {
				wake();
			}

			@Override
			public void settingsChanged(FeedSettings changed) {
				adopt(changed);
			}

			@Override
			public void vanished() {
				Feed.this.onVanished.run();
			}

			@Override
			public Map<Transport, Integer> localClients() {
				return Feed.this.localClients();
			}

		});
	}

	public String id() {
		return this.id;
	}

	public String epoch() {
		return this.log.epoch();
	}

	/**
	 * Which log keeps the history and whether it works (memory, or redis and its state).
	 */
	public Map<String, Object> logState() {
		return this.log.describe();
	}

	/** What to do when a shared log says the feed's history ended elsewhere. */
	void onVanished(Runnable action) {
		this.onVanished = action;
	}

	public FeedSettings settings() {
		return this.settings;
	}

	/** What a client that lost its place (unknown epoch, unreadable point) is sent. */
	public CatchUp catchUp() {
		return this.catchUp;
	}

	public long head() {
		return this.log.head();
	}

	public long oldest() {
		return this.log.oldest();
	}

	/**
	 * How many times an event was turned into JSON: once per event, whatever the
	 * audience.
	 */
	public long serializations() {
		return this.serializations.get();
	}

	// ---- producing -------------------------------------------------------------------

	/**
	 * True for feeds the lab generates (live, benchmark); false for feeds fed by
	 * {@link #append}.
	 */
	public boolean isGenerated() {
		return this.settings.rate() != null;
	}

	synchronized void start(ScheduledExecutorService clockThreads) {
		this.clockThreads = clockThreads;
		if (this.ticking != null) {
			this.ticking.cancel(false);
		}
		long periodMicros = 1_000_000L / this.settings.rate();
		this.ticking = clockThreads.scheduleAtFixedRate(() -> {
			if (!this.closed) {
				try {
					tick();
				}
				catch (RuntimeException ex) {
					// an exception would cancel the schedule: the feed would stop for
					// good
					logger.warn("Feed {} could not make an event: {}", this.id, ex.toString());
				}
			}
		}, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
	}

	synchronized void reconfigure(FeedSettings settings, ScheduledExecutorService clockThreads) {
		this.log.saveSettings(settings);
		adopt(settings);
	}

	/** Settings changed here or, with a shared log, on another instance. */
	private synchronized void adopt(FeedSettings settings) {
		if (!isGenerated() || settings.equals(this.settings)) {
			return;
		}
		boolean rateChanged = !settings.rate().equals(this.settings.rate());
		this.settings = settings;
		if (rateChanged && !this.closed && this.clockThreads != null) {
			start(this.clockThreads);
		}
	}

	/** Runs on a clock thread: make one dashboard event. */
	void tick() {
		FeedSettings settings = this.settings;
		append((seq, ts, epoch) -> this.generator.json(seq, ts, epoch, settings.markers(),
				(ts - this.startMicros) / 1e6));
	}

	/**
	 * Makes the next event with {@code json} (called once, with its seq, ts and epoch),
	 * keeps it, and wakes everyone who waits for it. Feeds that are not generated (job
	 * progress) publish through this.
	 */
	public synchronized FeedEvent append(EventJson json) {
		if (this.closed) {
			throw new IllegalStateException("feed " + this.id + " is closed");
		}
		// The log calls back (appended) when the event is in the window: at once in
		// memory; with a shared log, when this instance reads it back from the stream.
		FeedEvent event = this.log.append(Micros.now(this.clock), json);
		if (event != null) {
			this.serializations.incrementAndGet();
		}
		return event;
	}

	@FunctionalInterface
	public interface EventJson {

		String make(long seq, long ts, String epoch);

	}

	/**
	 * New events are in the window: one fan-out task signals every push subscriber (not a
	 * task per subscriber), and waiting polls are answered.
	 */
	private void wake() {
		this.fanOutAgain = true;
		if (this.fanningOut.compareAndSet(false, true)) {
			this.dispatch.execute(this::fanOut);
		}
		Runnable waiter;
		while ((waiter = this.waiters.poll()) != null) {
			this.dispatch.execute(waiter);
		}
	}

	/**
	 * The loop of an event-loop server: non-blocking sinks are written here, one after
	 * another, with the event's shared bytes; a connection that cannot take a write is
	 * skipped and catches up when it says it can. Runs apart from the clock, so that a
	 * long pass never delays the next event's creation (and its {@code ts}).
	 */
	private void fanOut() {
		do {
			this.fanOutAgain = false;
			for (Subscription subscription : this.subscriptions) {
				subscription.signal();
			}
			this.fanningOut.set(false);
		}
		while (this.fanOutAgain && this.fanningOut.compareAndSet(false, true));
	}

	/** Ends the subscriptions whose client has not taken a write for too long. */
	void endStalled() {
		long now = System.nanoTime();
		for (Subscription subscription : this.subscriptions) {
			subscription.endIfStalled(now);
		}
	}

	// ---- reading ---------------------------------------------------------------------

	/**
	 * Events after a resume point, with a gap notice when the point is outside the
	 * window, from another epoch or unreadable. {@code from == null} means "a new
	 * client": the latest event. A client that lost its place gets what
	 * {@link #catchUp()} says.
	 */
	public Batch read(ResumePoint from, int max) {
		while (true) {
			String epoch = this.log.epoch();
			long head = this.log.head();
			long oldest = this.log.oldest();
			long latest = Math.max(Math.max(0, head - 1), oldest - 1);
			long lostPlace = (this.catchUp == CatchUp.HISTORY) ? oldest - 1 : latest;
			Gap gap = null;
			long after;
			if (from == null) {
				after = latest;
			}
			else if (from.isMalformed()) {
				after = lostPlace;
				gap = new Gap(Gap.Reason.MALFORMED, epoch, from, null, after);
			}
			else if (from.epoch() != null && !from.epoch().equals(epoch)) {
				after = lostPlace;
				gap = new Gap(Gap.Reason.EPOCH, epoch, from, null, after);
			}
			else if (from.after() > head) {
				if (this.log.awaitHead(from.after(), CATCH_UP_MILLIS)) {
					continue; // another instance delivered it a moment before this one
				}
				after = head;
				gap = new Gap(Gap.Reason.FUTURE, epoch, from, null, after);
			}
			else if (from.after() < oldest - 1) {
				after = oldest - 1;
				gap = new Gap(Gap.Reason.EXPIRED, epoch, from, after - from.after(), after);
			}
			else {
				after = from.after();
			}
			List<FeedEvent> events = this.log.readAfter(after, max);
			// An empty read while newer events exist means the window moved under us:
			// retry.
			// A new epoch (shared log) replaced the window meanwhile: read again.
			if (!epoch.equals(this.log.epoch())) {
				continue;
			}
			if (!events.isEmpty() || this.log.head() <= after || this.log.oldest() <= after + 1) {
				long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
				return new Batch(gap, events, next, epoch);
			}
		}
	}

	/**
	 * Runs {@code callback} once, on a dispatch thread, as soon as an event after
	 * {@code after} exists (at once if one does). Long polling waits with this instead of
	 * holding a thread.
	 */
	public void whenEventAfter(long after, Runnable callback) {
		if (this.closed) {
			callback.run();
			return;
		}
		this.waiters.add(callback);
		if (this.log.head() > after || this.closed) {
			// it arrived while we registered: take our callback back if it is still
			// queued
			if (this.waiters.remove(callback)) {
				this.dispatch.execute(callback);
			}
		}
	}

	/**
	 * A long poll that will wait: counts against the long-polling connection cap until
	 * released.
	 */
	public void acquireWaitingPoll() {
		if (!this.limiter.tryAcquire(Transport.LONG_POLLING)) {
			throw new CapacityException(Transport.LONG_POLLING, this.limiter.max());
		}
	}

	public void releaseWaitingPoll() {
		this.limiter.release(Transport.LONG_POLLING);
	}

	// ---- following -------------------------------------------------------------------

	/**
	 * @throws CapacityException when the transport's connection cap is reached
	 */
	public Subscription subscribe(Transport transport, ResumePoint from, FeedSink sink, int maxBatch) {
		if (!this.limiter.tryAcquire(transport)) {
			throw new CapacityException(transport, this.limiter.max());
		}
		Subscription subscription = new Subscription(this, transport, from, sink, maxBatch, this.dispatch);
		touch();
		this.subscriptions.add(subscription);
		if (this.closed) {
			subscription.end(FeedSink.EndReason.FEED_REMOVED);
			return subscription;
		}
		subscription.signal();
		return subscription;
	}

	void unsubscribe(Subscription subscription) {
		this.subscriptions.remove(subscription);
		this.limiter.release(subscription.transport());
		touch();
	}

	/** A polling request: it counts as a connected client for a few seconds. */
	public void polled(Transport transport, String client) {
		long now = touch();
		String key = transport.key() + ' ' + client;
		if (this.pollers.size() < MAX_TRACKED_POLLERS || this.pollers.containsKey(key)) {
			this.pollers.put(key, now);
		}
	}

	/**
	 * Clients per transport: open streams and sockets; polling clients seen in the last
	 * seconds.
	 */
	public Map<Transport, Integer> clients() {
		return this.log.clients(localClients());
	}

	/** Clients of this instance only. */
	public Map<Transport, Integer> localClients() {
		Map<Transport, Integer> clients = new EnumMap<>(Transport.class);
		for (Transport transport : Transport.values()) {
			clients.put(transport, 0);
		}
		for (Subscription subscription : this.subscriptions) {
			clients.merge(subscription.transport(), 1, Integer::sum);
		}
		long since = Micros.now(this.clock) - POLLING_PRESENCE_MICROS;
		this.pollers.values().removeIf(seen -> seen < since);
		this.pollers.keySet()
			.forEach(key -> clients.merge(
					key.startsWith(Transport.LONG_POLLING.key() + ' ') ? Transport.LONG_POLLING : Transport.POLLING, 1,
					Integer::sum));
		return clients;
	}

	public int subscriptionCount() {
		return this.subscriptions.size();
	}

	/**
	 * Asks every push subscriber of one transport to send a heartbeat (SSE comment,
	 * WebSocket ping).
	 */
	void heartbeat(Transport transport) {
		for (Subscription subscription : this.subscriptions) {
			if (subscription.transport() == transport) {
				subscription.heartbeat();
			}
		}
	}

	boolean idleSince(long micros) {
		return this.subscriptions.isEmpty() && this.waiters.isEmpty() && this.lastActivityMicros < micros;
	}

	synchronized void close(FeedSink.EndReason reason) {
		this.closed = true;
		if (this.ticking != null) {
			this.ticking.cancel(false);
		}
		this.log.close(reason == FeedSink.EndReason.FEED_REMOVED);
		for (Subscription subscription : new ArrayList<>(this.subscriptions)) {
			subscription.end(reason);
		}
		Runnable waiter;
		while ((waiter = this.waiters.poll()) != null) {
			this.dispatch.execute(waiter);
		}
	}

	public boolean isClosed() {
		return this.closed;
	}

	private long touch() {
		long now = Micros.now(this.clock);
		this.lastActivityMicros = now;
		return now;
	}

}
