package dev.transportlab.feed;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a generated feed tick: its settings (rate, markers) and one dashboard event
 * per period of its rate, on a clock thread, appended to the feed. Feeds fed by their
 * owner (jobs) have no rate and never tick.
 */
final class FeedClock {

	private static final Logger logger = LoggerFactory.getLogger(FeedClock.class);

	private final Feed feed;

	private final DashboardGenerator generator = new DashboardGenerator();

	private final long startMicros;

	private volatile FeedSettings settings;

	private ScheduledExecutorService threads;

	private ScheduledFuture<?> ticking;

	FeedClock(Feed feed, FeedSettings settings, long startMicros) {
		this.feed = feed;
		this.settings = settings;
		this.startMicros = startMicros;
	}

	FeedSettings settings() {
		return this.settings;
	}

	/** Settings changed here or, with a shared log, on another instance. */
	synchronized void adopt(FeedSettings changed) {
		FeedSettings current = this.settings;
		if (current.rate() == null || changed.equals(current)) {
			return;
		}
		this.settings = changed;
		if (!changed.rate().equals(current.rate()) && this.threads != null && this.ticking != null) {
			start(this.threads); // at the new rate
		}
	}

	/** Starts ticking at the feed's rate, or restarts at a new one. */
	synchronized void start(ScheduledExecutorService threads) {
		this.threads = threads;
		stop();
		long periodMicros = 1_000_000L / this.settings.rate();
		this.ticking = threads.scheduleAtFixedRate(() -> {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				// an exception would cancel the schedule: the feed would stop for good
				logger.warn("Feed {} could not make an event: {}", this.feed.id(), ex.toString());
			}
		}, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
	}

	synchronized void stop() {
		if (this.ticking != null) {
			this.ticking.cancel(false);
			this.ticking = null;
		}
	}

	/** Makes one dashboard event. */
	void tick() {
		if (this.feed.isClosed()) {
			return;
		}
		int markers = this.settings.markers();
		this.feed
			.append((seq, ts, epoch) -> this.generator.json(seq, ts, epoch, markers, (ts - this.startMicros) / 1e6));
	}

}
