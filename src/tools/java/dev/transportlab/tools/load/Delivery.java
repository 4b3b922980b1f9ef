package dev.transportlab.tools.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.FeedListener;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What all clients of one transport run saw: delivery latency (server {@code ts} to
 * client receive, both on this host's clock) in an HdrHistogram recorder, and counters.
 * Latency is kept only inside the measured window (after the ramp-up); loss and
 * duplicates count over the whole run.
 */
public final class Delivery {

	/** 1 µs .. 10 min at 3 significant digits. */
	private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

	private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);

	private final Histogram measured = new Histogram(HIGHEST_MICROS, 3);

	final LongAdder received = new LongAdder();

	final LongAdder receivedMeasured = new LongAdder();

	final LongAdder lost = new LongAdder();

	final LongAdder duplicates = new LongAdder();

	final LongAdder gaps = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder reconnects = new LongAdder();

	final AtomicInteger connected = new AtomicInteger();

	private volatile boolean measuring;

	/** Counters for tools outside this package (the failover run). */
	public long receivedCount() {
		return this.received.sum();
	}

	public long lostCount() {
		return this.lost.sum();
	}

	public long duplicateCount() {
		return this.duplicates.sum();
	}

	public long gapCount() {
		return this.gaps.sum();
	}

	public long reconnectCount() {
		return this.reconnects.sum();
	}

	public int connectedCount() {
		return this.connected.get();
	}

	/** Latency of every event received while measuring, in microseconds. */
	public Histogram latencyMicros() {
		return total();
	}

	/** One client's listener: counts its losses and duplicates into this run. */
	public FeedListener newClient() {
		return new Client();
	}

	public void startMeasuring() {
		this.latency.getIntervalHistogram(); // drop what the ramp-up recorded
		this.measuring = true;
	}

	public void stopMeasuring() {
		this.measuring = false;
	}

	boolean measuring() {
		return this.measuring;
	}

	void delivered(long tsMicros, long nowMicros) {
		this.received.increment();
		if (this.measuring) {
			this.receivedMeasured.increment();
			this.latency.recordValue(Math.max(0, Math.min(nowMicros - tsMicros, HIGHEST_MICROS)));
		}
	}

	/** The latencies since the last call (one progress line); also added to the run's total. */
	synchronized Histogram interval() {
		Histogram interval = this.latency.getIntervalHistogram();
		this.measured.add(interval);
		return interval;
	}

	synchronized Histogram total() {
		this.measured.add(this.latency.getIntervalHistogram());
		return this.measured.copy();
	}

	/**
	 * One client's view of the sequence: the first event sets its start, then every seq
	 * must be the previous + 1. A hole is lost events, a repeat is a duplicate; a gap
	 * notice is the server saying openly what was missed. Called by one connection at a
	 * time.
	 */
	final class Client implements FeedListener {

		private long lastSeq = -1;

		private volatile long lastReceiveNanos = System.nanoTime();

		private volatile boolean stopped;

		@Override
		public void opened(FeedClient client) {
			connected.incrementAndGet();
		}

		@Override
		public void event(long seq, long ts, String raw, long receivedMicros) {
			this.lastReceiveNanos = System.nanoTime();
			delivered(ts, receivedMicros);
			if (this.lastSeq >= 0) {
				if (seq <= this.lastSeq) {
					duplicates.increment();
					return;
				}
				if (seq > this.lastSeq + 1) {
					lost.add(seq - this.lastSeq - 1);
				}
			}
			this.lastSeq = seq;
		}

		@Override
		public void gap(long missed, long resumeAfter, String raw) {
			gaps.increment();
			// a gap with an unknown count (another epoch) is still a loss: count it as one
			lost.add(Math.max(1, missed));
			this.lastSeq = resumeAfter;
		}

		@Override
		public void closed(FeedClient client, Throwable error) {
			connected.decrementAndGet();
			if (!this.stopped) {
				reconnects.increment();
				if (error != null) {
					errors.increment();
				}
			}
		}

		@Override
		public void failed(FeedClient client, Throwable error) {
			if (!this.stopped) {
				errors.increment();
				reconnects.increment();
			}
		}

		/** The run is over: what ends now is not an error. */
		void stop() {
			this.stopped = true;
		}

		boolean silentFor(long nanos) {
			return System.nanoTime() - this.lastReceiveNanos > nanos;
		}

	}

}
