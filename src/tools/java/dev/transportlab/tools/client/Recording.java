package dev.transportlab.tools.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpFields;

/**
 * What a {@link FeedRecorder}'s client reported, kept for the test to ask: the listener
 * the client calls on its I/O threads, and the queries over what it stored.
 */
final class Recording implements FeedListener {

	private final BlockingQueue<FeedItem> queue = new LinkedBlockingQueue<>();

	private final List<FeedItem> history = Collections.synchronizedList(new ArrayList<>());

	private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

	private final BlockingQueue<SseFrames.Frame> frames = new LinkedBlockingQueue<>();

	private final List<String> endings = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger connections = new AtomicInteger();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	/** Completes at the first HTTP answer or open socket, or fails with the first failure. */
	private final CompletableFuture<Void> answered = new CompletableFuture<>();

	private volatile int status;

	private volatile HttpFields headers;

	private volatile String closeReason;

	private volatile int lastCloseCode;

	private volatile boolean shutdownNotice;

	private volatile boolean ended;

	// what the client reports (its I/O threads)

	@Override
	public void opened(FeedClient client) {
		if (!client.transport().endsWith("polling")) {
			this.connections.incrementAndGet();
		}
		this.answered.complete(null);
	}

	@Override
	public void response(FeedClient client, int status, HttpFields headers) {
		this.status = status;
		this.headers = headers;
		if (status == 200 && client.transport().endsWith("polling")) {
			this.connections.incrementAndGet(); // for polling: answers received
		}
		this.answered.complete(null);
	}

	@Override
	public void text(FeedClient client, String text, long receivedMicros) {
		FeedItem item = FeedItem.parse(text, receivedMicros);
		this.queue.add(item);
		this.history.add(item);
	}

	@Override
	public void event(long seq, long ts, String raw, long receivedMicros) {
		// recorded in text(), which sees every text before it is read as an event
	}

	@Override
	public void sseLine(FeedClient client, String line) {
		this.lines.add(line);
	}

	@Override
	public void sseFrame(FeedClient client, SseFrames.Frame frame) {
		if ("shutdown".equals(frame.event())) {
			this.shutdownNotice = true;
		}
		if (frame.data() != null) {
			this.frames.add(frame);
			if (!frame.isFeedItem() && !"shutdown".equals(frame.event())) {
				this.endings.add("event " + frame.event());
			}
		}
	}

	@Override
	public void webSocketClose(FeedClient client, int statusCode, String reason) {
		this.lastCloseCode = statusCode;
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
	}

	@Override
	public void closed(FeedClient client, Throwable error) {
		String ending;
		if (this.lastCloseCode != 0) {
			ending = "close " + this.lastCloseCode;
			this.lastCloseCode = 0;
		}
		else if (error == null) {
			ending = this.shutdownNotice ? "shutdown notice, then end" : "end of stream";
		}
		else {
			ending = describe(error);
		}
		this.shutdownNotice = false;
		this.endings.add(ending);
		this.closeCode.complete(-1); // no close frame came (a dropped connection)
		this.ended = true;
	}

	@Override
	public void failed(FeedClient client, Throwable error) {
		this.endings.add(describe(error));
		this.answered.completeExceptionally(error);
		this.ended = true;
	}

	private static String describe(Throwable error) {
		String message = String.valueOf(error.getMessage());
		if (message.startsWith("HTTP ")) {
			return "status " + message.substring(5);
		}
		if (error instanceof CancellationException) {
			return message; // "cut by the client", "answer lost"
		}
		return "error " + error.getClass().getSimpleName();
	}

	// what the recorder asks (the test's thread); FeedRecorder documents each

	CompletableFuture<Void> answered() {
		return this.answered;
	}

	BlockingQueue<FeedItem> items() {
		return this.queue;
	}

	List<FeedItem> take(int count, Duration timeout) throws InterruptedException {
		List<FeedItem> taken = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (taken.size() < count) {
			FeedItem item = this.queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (item == null) {
				break;
			}
			taken.add(item);
		}
		return taken;
	}

	String nextText(Duration timeout) throws InterruptedException {
		FeedItem item = this.queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return (item != null) ? item.raw() : null;
	}

	List<FeedItem> snapshot() {
		synchronized (this.history) {
			return new ArrayList<>(this.history);
		}
	}

	long lastEventSeq() {
		synchronized (this.history) {
			for (int i = this.history.size() - 1; i >= 0; i--) {
				if (!this.history.get(i).isGap()) {
					return this.history.get(i).seq();
				}
			}
		}
		return -1;
	}

	List<String> lines() {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines);
		}
	}

	void clearLines() {
		this.lines.clear();
	}

	SseFrames.Frame nextFrame(Duration timeout) throws InterruptedException {
		return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	int status() {
		return this.status;
	}

	Optional<String> header(String name) {
		HttpFields headers = this.headers;
		return Optional.ofNullable((headers != null) ? headers.get(name) : null);
	}

	CompletableFuture<Integer> closeCode() {
		return this.closeCode;
	}

	String closeReason() {
		return this.closeReason;
	}

	boolean ended() {
		return this.ended;
	}

	List<String> endings() {
		synchronized (this.endings) {
			return new ArrayList<>(this.endings);
		}
	}

	int connections() {
		return this.connections.get();
	}

}
