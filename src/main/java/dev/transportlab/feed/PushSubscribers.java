package dev.transportlab.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A feed's open streams and sockets, and the fan-out that signals them: one task per
 * event for all of them, not one per subscriber.
 */
final class PushSubscribers {

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final Executor dispatch;

	/** One fan-out pass at a time; {@link #again} asks for another. */
	private final AtomicBoolean fanningOut = new AtomicBoolean();

	private volatile boolean again;

	PushSubscribers(Executor dispatch) {
		this.dispatch = dispatch;
	}

	void add(Subscription subscription) {
		this.subscriptions.add(subscription);
	}

	void remove(Subscription subscription) {
		this.subscriptions.remove(subscription);
	}

	Collection<Subscription> all() {
		return Collections.unmodifiableSet(this.subscriptions);
	}

	/** New events are in the window: a fan-out pass runs (or runs again). */
	void signalAll() {
		this.again = true;
		if (this.fanningOut.compareAndSet(false, true)) {
			this.dispatch.execute(this::fanOut);
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
			this.again = false;
			for (Subscription subscription : this.subscriptions) {
				subscription.signal();
			}
			this.fanningOut.set(false);
		}
		while (this.again && this.fanningOut.compareAndSet(false, true));
	}

	/** Ends the subscriptions whose client has not taken a write for too long. */
	void endStalled() {
		long now = System.nanoTime();
		for (Subscription subscription : this.subscriptions) {
			subscription.endIfStalled(now);
		}
	}

	/** A heartbeat (SSE comment, WebSocket ping) to every subscriber of one transport. */
	void heartbeat(Transport transport) {
		for (Subscription subscription : this.subscriptions) {
			if (subscription.transport() == transport) {
				subscription.heartbeat();
			}
		}
	}

	void endAll(FeedSink.EndReason reason) {
		for (Subscription subscription : new ArrayList<>(this.subscriptions)) {
			subscription.end(reason);
		}
	}

	int size() {
		return this.subscriptions.size();
	}

}
