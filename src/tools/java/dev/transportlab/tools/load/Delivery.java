package dev.transportlab.tools.load;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

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

	private static final Clock CLOCK = Clock.systemUTC();

	private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);

	private final Histogram measured = new Histogram(HIGHEST_MICROS, 3);

	final LongAdder received = new LongAdder();

	final LongAdder receivedMeasured = new LongAdder();

	final LongAdder lost = new LongAdder();

	final LongAdder duplicates = new LongAdder();

	final LongAdder gaps = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder reconnects = new LongAdder();

	final LongAdder requests = new LongAdder();

	final AtomicInteger connected = new AtomicInteger();

	private volatile boolean measuring;

	static long nowMicros() {
		Instant now = CLOCK.instant();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

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
	 * notice is the server saying openly what was missed. Used by one thread at a time.
	 */
	final class Client {

		private long lastSeq = -1;

		private String epoch;

		private volatile long lastReceiveNanos = System.nanoTime();

		void event(long seq, long tsMicros, long nowMicros) {
			this.lastReceiveNanos = System.nanoTime();
			delivered(tsMicros, nowMicros);
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

		void gap(long missed, long resumeAfter) {
			gaps.increment();
			// a gap with an unknown count (another epoch) is still a loss: count it as one
			lost.add(Math.max(1, missed));
			this.lastSeq = resumeAfter;
		}

		long lastSeq() {
			return this.lastSeq;
		}

		String epoch() {
			return this.epoch;
		}

		void epoch(String epoch) {
			this.epoch = epoch;
		}

		boolean silentFor(long nanos) {
			return System.nanoTime() - this.lastReceiveNanos > nanos;
		}

	}

}
