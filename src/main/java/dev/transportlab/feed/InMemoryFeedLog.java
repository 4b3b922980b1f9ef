package dev.transportlab.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A ring of the newest events, bounded by count and by age. One writer (the feed's clock,
 * or a shared log's reader), many lock-free readers: a reader that finds a slot already
 * overwritten knows its position has left the window. A shared log keeps one of these per
 * instance as its local window.
 */
public final class InMemoryFeedLog implements FeedLog {

	private final String epoch;

	private final AtomicReferenceArray<FeedEvent> ring;

	private final long maxAgeMicros;

	private final Clock clock;

	private volatile long head;

	/**
	 * Seq of the first event this window received: a shared log's window may start
	 * mid-stream.
	 */
	private volatile long first;

	private Listener listener = () -> {
	};

	public InMemoryFeedLog(String epoch, int size, Duration maxAge, Clock clock) {
		this.epoch = epoch;
		this.ring = new AtomicReferenceArray<>(size);
		this.maxAgeMicros = maxAge.toNanos() / 1000;
		this.clock = clock;
	}

	@Override
	public String epoch() {
		return this.epoch;
	}

	@Override
	public FeedEvent append(long ts, EventJson json) {
		long next = this.head + 1;
		FeedEvent event = FeedEvent.of(next, ts, json.make(next, ts, this.epoch));
		add(event);
		this.listener.appended();
		return event;
	}

	/**
	 * Keeps an event made elsewhere; its seq must follow the head (or start the window).
	 */
	public void add(FeedEvent event) {
		if (this.first == 0) {
			this.first = event.seq();
		}
		this.ring.set(slot(event.seq()), event);
		this.head = event.seq();
	}

	@Override
	public void watch(Listener listener) {
		this.listener = listener;
	}

	@Override
	public long head() {
		return this.head;
	}

	@Override
	public long oldest() {
		long head = this.head;
		long oldest = Math.max(Math.max(1, this.first), head - this.ring.length() + 1);
		long minTs = Micros.now(this.clock) - this.maxAgeMicros;
		// Age is checked lazily: skip forward over events that are too old.
		while (oldest <= head) {
			FeedEvent event = this.ring.get(slot(oldest));
			if (event != null && event.seq() == oldest && event.ts() >= minTs) {
				return oldest;
			}
			oldest++;
		}
		return head + 1;
	}

	@Override
	public List<FeedEvent> readAfter(long after, int max) {
		long head = this.head;
		int count = (int) Math.min(max, Math.max(0, head - after));
		List<FeedEvent> events = new ArrayList<>(count);
		for (long seq = after + 1; seq <= head && events.size() < max; seq++) {
			FeedEvent event = this.ring.get(slot(seq));
			if (event == null || event.seq() != seq) {
				// overwritten meanwhile: the caller sees a shorter read and retries
				break;
			}
			events.add(event);
		}
		return events;
	}

	private int slot(long seq) {
		return (int) (seq % this.ring.length());
	}

}
