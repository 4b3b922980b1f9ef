package dev.transportlab.feed;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One event source and the hub of its clients: a replay log read by the
 * {@link ResumeRules}, the clock that feeds it when it is generated ({@link FeedClock}),
 * the push subscribers signalled on every event ({@link PushSubscribers}; they pull from
 * the log at their own pace), the long polls waiting as one-shot callbacks
 * ({@link PollWaiters}) and who is connected ({@link FeedPresence}). Nothing here blocks
 * on a client.
 */
public final class Feed {

	private final String id;

	private final FeedLog log;

	private final Clock clock;

	private final Executor dispatch;

	private final ConnectionLimiter limiter;

	private final CatchUp catchUp;

	private final ResumeRules rules;

	private final int maxBatch;

	private final FeedClock ticks;

	private final FeedPresence presence;

	private final PollWaiters waiters;

	private final PushSubscribers subscribers;

	private final AtomicLong serializations = new AtomicLong();

	private volatile long lastActivityMicros;

	private volatile boolean closed;

	private volatile Runnable onVanished = () -> {
	};

	/**
	 * @param maxBatch the most events one read returns (a client further behind reads
	 * again at once)
	 */
	Feed(String id, FeedSettings settings, FeedLog log, Clock clock, Executor dispatch, ConnectionLimiter limiter,
			CatchUp catchUp, int maxBatch) {
		this.limiter = limiter;
		this.catchUp = catchUp;
		this.maxBatch = maxBatch;
		this.id = id;
		this.log = log;
		this.clock = clock;
		this.dispatch = dispatch;
		this.lastActivityMicros = Micros.now(clock);
		this.ticks = new FeedClock(this, settings, this.lastActivityMicros);
		this.presence = new FeedPresence(clock);
		this.waiters = new PollWaiters(log::head, dispatch);
		this.subscribers = new PushSubscribers(dispatch);
		this.rules = new ResumeRules(log, catchUp);
		log.watch(new FeedLog.Listener() {

			@Override
			public void appended() {
				wake();
			}

			@Override
			public void settingsChanged(FeedSettings changed) {
				Feed.this.ticks.adopt(changed);
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

	/** Which log keeps the history (memory or redis) and its state. */
	public Map<String, Object> logState() {
		return this.log.describe();
	}

	/** What to do when a shared log says the feed's history ended elsewhere. */
	void onVanished(Runnable action) {
		this.onVanished = action;
	}

	public FeedSettings settings() {
		return this.ticks.settings();
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

	/** Events turned into JSON: once each, whatever the audience. */
	public long serializations() {
		return this.serializations.get();
	}

	/**
	 * True for feeds the lab generates (live, benchmark); false for feeds fed by
	 * {@link #append}.
	 */
	public boolean isGenerated() {
		return settings().rate() != null;
	}

	void start(ScheduledExecutorService clockThreads) {
		this.ticks.start(clockThreads);
	}

	void reconfigure(FeedSettings settings) {
		this.log.saveSettings(settings);
		this.ticks.adopt(settings);
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

	/** New events: push subscribers are signalled, waiting polls answered. */
	private void wake() {
		this.subscribers.signalAll();
		this.waiters.wake();
	}

	/** Ends the subscriptions whose client has not taken a write for too long. */
	void endStalled() {
		this.subscribers.endStalled();
	}

	/**
	 * Events after a resume point, with a gap notice when the point is outside the
	 * window, from another epoch or unreadable. {@code from == null} means "a new
	 * client": the latest event. A client that lost its place gets what
	 * {@link #catchUp()} says. At most the feed's batch limit of events; {@code more}
	 * says when newer ones wait.
	 */
	public Batch read(ResumePoint from) {
		return read(from, this.maxBatch);
	}

	Batch read(ResumePoint from, int max) {
		return this.rules.read(from, max);
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
		this.waiters.await(after, callback);
	}

	/** A long poll that will wait: counts against the long-polling cap until released. */
	public void acquireWaitingPoll() {
		if (!this.limiter.tryAcquire(Transport.LONG_POLLING)) {
			throw new CapacityException(Transport.LONG_POLLING, this.limiter.max());
		}
	}

	public void releaseWaitingPoll() {
		this.limiter.release(Transport.LONG_POLLING);
	}

	/**
	 * @throws CapacityException when the transport's connection cap is reached
	 */
	public Subscription subscribe(Transport transport, ResumePoint from, FeedSink sink) {
		if (!this.limiter.tryAcquire(transport)) {
			throw new CapacityException(transport, this.limiter.max());
		}
		Subscription subscription = new Subscription(this, transport, from, sink, this.dispatch);
		touch();
		this.subscribers.add(subscription);
		if (this.closed) {
			subscription.end(FeedSink.EndReason.FEED_REMOVED);
			return subscription;
		}
		subscription.signal();
		return subscription;
	}

	void unsubscribe(Subscription subscription) {
		this.subscribers.remove(subscription);
		this.limiter.release(subscription.transport());
		touch();
	}

	/** A polling request: it counts as a connected client for a few seconds. */
	public void polled(Transport transport, String client) {
		touch();
		this.presence.polled(transport, client);
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
		return this.presence.count(this.subscribers.all());
	}

	public int subscriptionCount() {
		return this.subscribers.size();
	}

	/**
	 * Asks every push subscriber of one transport to send a heartbeat (SSE comment,
	 * WebSocket ping).
	 */
	void heartbeat(Transport transport) {
		this.subscribers.heartbeat(transport);
	}

	boolean idleSince(long micros) {
		return this.subscribers.size() == 0 && this.waiters.isEmpty() && this.lastActivityMicros < micros;
	}

	synchronized void close(FeedSink.EndReason reason) {
		this.closed = true;
		this.ticks.stop();
		this.log.close(reason == FeedSink.EndReason.FEED_REMOVED);
		this.subscribers.endAll(reason);
		this.waiters.releaseAll();
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
