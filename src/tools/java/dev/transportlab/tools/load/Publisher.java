package dev.transportlab.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.transportlab.feed.DashboardGenerator;
import dev.transportlab.tools.client.EventText;
import dev.transportlab.tools.client.Threads;

/**
 * Feeds a peer the same events this project's feed makes (its DashboardGenerator, same
 * shape and size, {@code ts} stamped when made), one POST per event at the feed's rate.
 * It runs in the load generator (on the client cores) on threads of its own: its schedule
 * thread (highest priority) and its HTTP client's own executor thread, none shared with the
 * receiving clients' threads. Its schedule is by the clock: an event late because the thread
 * waited for a core goes out as soon as it runs, so the rate holds wherever the CPU allows,
 * and {@link #published()} over a window says the rate it achieved (the load report's
 * publisher column, and generator-bound when short).
 */
final class Publisher implements AutoCloseable {

	private final URI target;

	private final int rate;

	private final int markers;

	private final String epoch = "peer" + Long.toString(System.currentTimeMillis(), 36);

	private final DashboardGenerator generator = new DashboardGenerator();

	private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors
		.newSingleThreadExecutor(task -> {
			Thread thread = new Thread(task, "peer-publisher-http");
			thread.setDaemon(true);
			thread.setPriority(Thread.MAX_PRIORITY);
			return thread;
		});

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(this.executor)
		.build();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean running = true;

	private Thread thread;

	Publisher(URI target, int rate, int markers) {
		this.target = target;
		this.rate = rate;
		this.markers = markers;
	}

	Publisher start() {
		this.thread = Threads.start("peer-publisher", this::run);
		this.thread.setPriority(Thread.MAX_PRIORITY);
		return this;
	}

	long published() {
		return this.published.get();
	}

	long failed() {
		return this.failed.get();
	}

	/** The events per second it was asked for. */
	int rate() {
		return this.rate;
	}

	URI target() {
		return this.target;
	}

	private void run() {
		long period = TimeUnit.SECONDS.toNanos(1) / this.rate;
		long start = System.nanoTime();
		long tick = start;
		for (long seq = 1; this.running; seq++) {
			long ts = EventText.nowMicros();
			String json = this.generator.json(seq, ts, this.epoch, this.markers, (System.nanoTime() - start) / 1e9);
			HttpRequest request = HttpRequest.newBuilder(this.target)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(5))
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build();
			try {
				int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status / 100 == 2) {
					this.published.incrementAndGet();
				}
				else {
					this.failed.incrementAndGet();
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (Exception ex) {
				this.failed.incrementAndGet();
			}
			tick += period;
			long wait = tick - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	@Override
	public void close() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
		}
		this.executor.shutdownNow();
	}

}
