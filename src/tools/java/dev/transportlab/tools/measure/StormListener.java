package dev.transportlab.tools.measure;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.transportlab.tools.client.EventText;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.FeedListener;
import dev.transportlab.tools.client.StatusException;

/**
 * One storm client's view, fed by the toolkit's asynchronous client (whose callbacks never
 * overlap): the epoch and seq it is at, events lost or repeated within an epoch, and, once
 * the restart is armed, when it first received something of another epoch (its return)
 * and how its connection attempts failed meanwhile.
 */
final class StormListener implements FeedListener {

	/** Why a connection attempt failed. */
	enum Failure {

		/** The TCP connect was refused: nobody listens, as while the server restarts. */
		REFUSED,

		/** Connected, but the server answered the SSE request or WebSocket upgrade with an error. */
		HANDSHAKE,

		/** No answer in time. */
		TIMEOUT,

		/** Anything else (a reset, a connection closed before the answer). */
		OTHER;

		/**
		 * By the whole cause chain, in this order: Jetty wraps a refused WebSocket connect
		 * in an UpgradeException, which is still a refused connect, not a failed handshake.
		 */
		static Failure of(Throwable error) {
			if (inChain(error, ConnectException.class)) {
				return REFUSED;
			}
			if (inChain(error, SocketTimeoutException.class) || inChain(error, TimeoutException.class)) {
				return TIMEOUT;
			}
			if (inChain(error, StatusException.class)
					|| inChain(error, org.eclipse.jetty.websocket.api.exceptions.UpgradeException.class)
					|| inChain(error, org.eclipse.jetty.websocket.core.exception.UpgradeException.class)) {
				return HANDSHAKE;
			}
			return OTHER;
		}

		private static boolean inChain(Throwable error, Class<? extends Throwable> type) {
			for (Throwable cause = error; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * The innermost cause's class, to name an OTHER (its message names the connection,
		 * so no two would add up).
		 */
		static String describe(Throwable error) {
			Throwable cause = error;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			return cause.getClass().getSimpleName();
		}

	}

	/** What all clients of a run add up to while it runs (for the progress lines). */
	static final class Totals {

		final LongAdder receiving = new LongAdder();

		final LongAdder back = new LongAdder();

		final LongAdder[] failures = { new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder() };

		/** OTHER failures by description, to say what they were. */
		final ConcurrentMap<String, LongAdder> others = new ConcurrentHashMap<>();

		long failures(Failure failure) {
			return this.failures[failure.ordinal()].sum();
		}

	}

	final String transport;

	private final Totals totals;

	private String epoch;

	private long lastSeq = -1;

	private volatile String oldEpoch;

	private volatile long backNanos;

	private volatile long firstOpenNanos;

	private volatile long lost;

	private volatile long duplicates;

	private volatile long gaps;

	private volatile long epochGaps;

	private volatile long epochSwitchesWithoutGap;

	private final long[] failures = new long[Failure.values().length];

	private final LongSupplier clock;

	StormListener(String transport, Totals totals) {
		this(transport, totals, System::nanoTime);
	}

	/** {@code clock}: nanoseconds, {@link System#nanoTime()} but in tests. */
	StormListener(String transport, Totals totals, LongSupplier clock) {
		this.transport = transport;
		this.totals = totals;
		this.clock = clock;
	}

	private long now() {
		return this.clock.getAsLong();
	}

	/**
	 * The restart is about to happen: from now on an item of an epoch other than
	 * {@code oldEpoch} is this client's return, and failed connects are counted.
	 */
	void arm(String oldEpoch) {
		this.oldEpoch = oldEpoch;
	}

	/** The epoch it is at (null before anything arrived). */
	synchronized String epoch() {
		return this.epoch;
	}

	boolean receiving() {
		return epoch() != null;
	}

	/** {@link System#nanoTime()} of its first item of the new epoch; 0 while not back. */
	long backNanos() {
		return this.backNanos;
	}

	/** {@link System#nanoTime()} of its first connection opened after {@link #arm}; 0 if none. */
	long firstOpenNanos() {
		return this.firstOpenNanos;
	}

	long lost() {
		return this.lost;
	}

	long duplicates() {
		return this.duplicates;
	}

	/** Gap notices within an epoch (missed events the server owned up to). */
	long gaps() {
		return this.gaps;
	}

	/** Gap notices that moved it to another epoch (expected once per client at a restart). */
	long epochGaps() {
		return this.epochGaps;
	}

	/** Items of another epoch that came without a gap notice first: a protocol fault. */
	long epochSwitchesWithoutGap() {
		return this.epochSwitchesWithoutGap;
	}

	synchronized long failures(Failure failure) {
		return this.failures[failure.ordinal()];
	}

	@Override
	public void opened(FeedClient client) {
		if (this.oldEpoch != null && this.firstOpenNanos == 0) {
			this.firstOpenNanos = now();
		}
	}

	@Override
	public synchronized void event(long seq, long ts, String raw, long receivedMicros) {
		String epoch = EventText.string(raw, "\"epoch\":\"", 0);
		if (this.epoch == null) {
			this.totals.receiving.increment();
		}
		else if (this.epoch.equals(epoch)) {
			if (seq <= this.lastSeq) {
				this.duplicates++;
				return;
			}
			if (this.lastSeq >= 0 && seq > this.lastSeq + 1) {
				this.lost += seq - this.lastSeq - 1;
			}
		}
		else {
			this.epochSwitchesWithoutGap++;
		}
		this.epoch = epoch;
		this.lastSeq = seq;
		checkBack();
	}

	@Override
	public synchronized void gap(long missed, long resumeAfter, String raw) {
		String epoch = EventText.string(raw, "\"epoch\":\"", 0);
		if (this.epoch == null) {
			this.totals.receiving.increment();
		}
		if (epoch != null && this.epoch != null && !epoch.equals(this.epoch)) {
			this.epochGaps++;
		}
		else {
			this.gaps++;
			this.lost += Math.max(0, missed);
		}
		if (epoch != null) {
			this.epoch = epoch;
		}
		this.lastSeq = resumeAfter;
		checkBack();
	}

	private void checkBack() {
		String old = this.oldEpoch;
		if (old != null && this.backNanos == 0 && !old.equals(this.epoch)) {
			this.backNanos = now();
			this.totals.back.increment();
		}
	}

	@Override
	public void failed(FeedClient client, Throwable error) {
		if (this.oldEpoch == null) {
			return; // the first connects, before the restart: the run reports them as not receiving
		}
		Failure failure = Failure.of(error);
		synchronized (this) {
			this.failures[failure.ordinal()]++;
		}
		this.totals.failures[failure.ordinal()].increment();
		if (failure == Failure.OTHER) {
			this.totals.others.computeIfAbsent(Failure.describe(error), k -> new LongAdder()).increment();
		}
	}

}
