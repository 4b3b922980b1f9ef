package dev.transportlab.transport;

import java.io.IOException;

import dev.transportlab.feed.FeedSink;

/**
 * What the two non-blocking push sinks (SSE, direct WebSocket) share: the wake-up the
 * feed registers, the writable and stalled answers over their {@link NonBlockingOutput}.
 * A sink adds only when its connection is open, how long a stall may last, and its wire
 * format; its container callback ({@code onWritePossible}) calls {@link #wake()}.
 */
public abstract class NonBlockingSink implements FeedSink {

	/** Null until the sink has its connection's output. */
	private volatile NonBlockingOutput out;

	private volatile Runnable wake = () -> {
	};

	/** True while the feed may write: the connection has started and not ended. */
	protected abstract boolean open();

	/**
	 * How long the client may leave a write untaken before the sink counts as stalled.
	 */
	protected abstract long stallNanos();

	protected final NonBlockingOutput out() {
		return this.out;
	}

	protected final void out(NonBlockingOutput out) {
		this.out = out;
	}

	/** The connection can take writes again: the feed resumes this subscription. */
	protected final void wake() {
		this.wake.run();
	}

	@Override
	public final boolean nonBlocking() {
		return true;
	}

	@Override
	public final void onWritable(Runnable wake) {
		this.wake = wake;
	}

	/** Serialised with the subclass's writes: both lock the sink. */
	@Override
	public final synchronized boolean writable() {
		try {
			return open() && this.out != null && this.out.writable();
		}
		catch (IOException ex) {
			return false; // the client is gone: the container reports it (onError)
		}
	}

	@Override
	public final boolean stalled(long nowNanos) {
		NonBlockingOutput output = this.out;
		return output != null && output.stalledLongerThan(nowNanos, stallNanos());
	}

}
