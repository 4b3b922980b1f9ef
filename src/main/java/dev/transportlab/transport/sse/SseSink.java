package dev.transportlab.transport.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.WriteListener;

import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.Gap;
import dev.transportlab.transport.NonBlockingOutput;
import dev.transportlab.transport.NonBlockingSink;

/**
 * Writes the SSE text format straight to the async response, without blocking: <pre>
 * id: EPOCH:SEQ
 * data: {...}
 *
 * </pre> An event's frame is built once and the same bytes go to every stream
 * ({@link SseFrames}); a batch is one write. A gap is {@code event: gap}; a heartbeat a
 * comment line; shutdown {@code event: shutdown}. Each write hands Tomcat the bytes and
 * returns; {@code isReady()} then says whether the client took them, and Tomcat calls
 * {@link #onWritePossible} when it has, which wakes the subscription. Writes and close
 * are serialised on the sink: a shutdown's close may come from another thread.
 */
final class SseSink extends NonBlockingSink implements WriteListener {

	private static final SseFrames FRAMES = new SseFrames();

	private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	/** The feed's current epoch: a shared log gets a new one when its history is lost. */
	private final Supplier<String> epoch;

	private final byte[] preamble;

	private final long stallNanos;

	private AsyncContext async;

	/**
	 * The response ended (completed, failed): the container recycles its objects for
	 * other requests, so this sink must not touch them again.
	 */
	private boolean done;

	/** The subscription ended before the response started (a feed closed meanwhile). */
	private EndReason endedEarly;

	/**
	 * @param retryMillis this stream's {@code retry:}, written first
	 * @param stall how long the client may leave a write untaken before the stream ends
	 */
	SseSink(Supplier<String> epoch, long retryMillis, Duration stall) {
		this.epoch = epoch;
		this.preamble = ("retry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
		this.stallNanos = stall.toNanos();
	}

	/**
	 * Puts the response in non-blocking mode; the container then calls onWritePossible.
	 */
	synchronized void start(AsyncContext async) throws IOException {
		this.async = async;
		async.getResponse().getOutputStream().setWriteListener(this);
	}

	@Override
	public void onWritePossible() throws IOException {
		synchronized (this) {
			if (this.done) {
				return;
			}
			if (out() == null) {
				// the container says the first write may go (the headers with it)
				NonBlockingOutput output = new NonBlockingOutput(this.async.getResponse().getOutputStream());
				output.write(this.preamble);
				output.writable(); // sends it, with the headers
				out(output);
				if (this.endedEarly != null) {
					close(this.endedEarly);
					return;
				}
			}
		}
		wake();
	}

	@Override
	public void onError(Throwable ex) {
		// the client went away or a write timed out: the async listener ends the
		// subscription
		complete();
	}

	/** Called by the async listener when the response ended, however it ended. */
	synchronized void finished() {
		this.done = true;
	}

	@Override
	protected boolean open() {
		return !this.done;
	}

	@Override
	protected long stallNanos() {
		return this.stallNanos;
	}

	@Override
	public long sendEvents(List<FeedEvent> events) throws IOException {
		String epoch = this.epoch.get();
		if (events.size() == 1) {
			return write(FRAMES.frame(events.get(0), epoch));
		}
		byte[][] frames = new byte[events.size()][];
		int length = 0;
		for (int i = 0; i < frames.length; i++) {
			frames[i] = FRAMES.frame(events.get(i), epoch);
			length += frames[i].length;
		}
		byte[] batch = new byte[length]; // one write for the batch
		int at = 0;
		for (byte[] frame : frames) {
			System.arraycopy(frame, 0, batch, at, frame.length);
			at += frame.length;
		}
		return write(batch);
	}

	@Override
	public long sendGap(Gap gap) throws IOException {
		// the id moves Last-Event-ID past the gap, so a reconnect does not report it
		// again
		String frame = "id: " + gap.epoch() + ':' + gap.resumeAfter() + "\nevent: gap\ndata: " + gap.json() + "\n\n";
		return write(frame.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void sendHeartbeat() throws IOException {
		write(HEARTBEAT);
	}

	@Override
	public synchronized void close(EndReason reason) {
		if (this.done) {
			return;
		}
		if (out() == null) {
			this.endedEarly = reason; // said once the response has started
			return;
		}
		try {
			if (reason != EndReason.WRITE_FAILED) {
				String type = switch (reason) {
					case SHUTDOWN -> "shutdown";
					case AUTH_EXPIRED -> "auth-expired"; // private feed: fresh token,
															// resume
					default -> "feed-removed";
				};
				out().write(("event: " + type + "\ndata: {\"type\":\"" + type + "\"}\n\n")
					.getBytes(StandardCharsets.UTF_8));
				out().writable(); // sends what waited, if the client takes it
			}
		}
		catch (IOException | IllegalStateException ex) {
			// going anyway
		}
		complete();
	}

	/** Hands the bytes to the container; they wait in the output while it is busy. */
	private synchronized long write(byte[] bytes) throws IOException {
		if (this.done) {
			throw new IOException("the response has ended");
		}
		out().write(bytes);
		return bytes.length;
	}

	private synchronized void complete() {
		AsyncContext context = this.async;
		if (context != null && !this.done) {
			this.done = true;
			try {
				context.complete();
			}
			catch (IllegalStateException ex) {
				// completed already
			}
		}
	}

}
