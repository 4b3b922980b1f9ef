package dev.transportlab.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Long polls waiting for an event after their point: one-shot callbacks, no thread each.
 * A wake runs only the waiters whose event exists; a wake for an event a waiter already
 * has (it read it on another instance, or before this wake ran) keeps it waiting, so that
 * it never answers with nothing.
 */
final class PollWaiters {

	private record Waiter(long after, Runnable callback) {
	}

	private final Queue<Waiter> waiting = new ConcurrentLinkedQueue<>();

	private final LongSupplier head;

	private final Executor dispatch;

	private volatile boolean released;

	PollWaiters(LongSupplier head, Executor dispatch) {
		this.head = head;
		this.dispatch = dispatch;
	}

	/**
	 * Runs {@code callback} once, on a dispatch thread, when an event after {@code after}
	 * exists.
	 */
	void await(long after, Runnable callback) {
		park(new Waiter(after, callback));
	}

	/** New events are in the window. */
	void wake() {
		long head = this.head.getAsLong();
		List<Waiter> early = null;
		Waiter waiter;
		while ((waiter = this.waiting.poll()) != null) {
			if (waiter.after() < head) {
				this.dispatch.execute(waiter.callback());
			}
			else {
				early = (early != null) ? early : new ArrayList<>();
				early.add(waiter);
			}
		}
		if (early != null) {
			early.forEach(this::park);
		}
	}

	/** The feed closed: every waiter answers now. */
	void releaseAll() {
		this.released = true;
		Waiter waiter;
		while ((waiter = this.waiting.poll()) != null) {
			this.dispatch.execute(waiter.callback());
		}
	}

	boolean isEmpty() {
		return this.waiting.isEmpty();
	}

	private void park(Waiter waiter) {
		this.waiting.add(waiter);
		// the event (or the close) came while it was being queued: take it back if no
		// wake took it meanwhile, and run it
		if ((this.released || this.head.getAsLong() > waiter.after()) && this.waiting.remove(waiter)) {
			this.dispatch.execute(waiter.callback());
		}
	}

}
