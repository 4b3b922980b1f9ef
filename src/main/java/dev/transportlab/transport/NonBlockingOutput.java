package dev.transportlab.transport;

import java.io.IOException;

import jakarta.servlet.ServletOutputStream;

/**
 * A servlet output stream in non-blocking mode, as the push sinks use it: every write
 * hands the container bytes and returns at once. The Servlet API allows a write (and a
 * flush) only while {@code isReady()}; bytes written while it is not (the second write of
 * one step: a gap notice, then events) wait here, in order, and go with the next write
 * the stream can take. The caller asks {@link #writable()} before each step, so what
 * waits is at most one step's worth. Not thread-safe: the sink serialises its calls.
 * <p>
 * {@code isReady()} is asked only when the answer can have changed (after our own write
 * or flush, or after it said no): it is the most expensive call of a write in the profile
 * (docs/results/load/profile/), and a socket that could take bytes still can until we
 * write again.
 */
public final class NonBlockingOutput {

	private final ServletOutputStream stream;

	private byte[] waiting;

	/** What the stream's last {@code isReady()} said; asked first before any write. */
	private boolean ready;

	/** The last write may still sit in the response buffer: flush when possible. */
	private boolean flushDue;

	private long unwritableSince;

	public NonBlockingOutput(ServletOutputStream stream) {
		this.stream = stream;
	}

	/** Writes now if the stream can take it, else keeps the bytes for the next chance. */
	public void write(byte[] bytes) throws IOException {
		if (this.waiting == null && this.ready && !this.flushDue) {
			send(bytes);
		}
		else {
			this.waiting = (this.waiting == null) ? bytes : concat(this.waiting, bytes);
		}
	}

	/**
	 * True when the client took everything so far and the stream can take a write; when
	 * false, the container calls the write listener once it can.
	 */
	public boolean writable() throws IOException {
		if (!this.ready) {
			this.ready = this.stream.isReady();
		}
		if (this.ready && this.flushDue) {
			this.flushDue = false;
			this.stream.flush();
			this.ready = this.stream.isReady();
		}
		if (this.ready && this.waiting != null) {
			byte[] bytes = this.waiting;
			this.waiting = null;
			send(bytes);
		}
		if (!this.ready) {
			if (this.unwritableSince == 0) {
				this.unwritableSince = System.nanoTime();
			}
			return false;
		}
		this.unwritableSince = 0;
		return true;
	}

	/**
	 * True once the client has left a write untaken for longer than {@code limitNanos}.
	 */
	public boolean stalledLongerThan(long nowNanos, long limitNanos) {
		long since = this.unwritableSince;
		return since != 0 && nowNanos - since > limitNanos;
	}

	/** A write and its flush, each only while the stream says it may. */
	private void send(byte[] bytes) throws IOException {
		this.stream.write(bytes);
		if (this.stream.isReady()) {
			this.stream.flush();
			this.ready = this.stream.isReady();
		}
		else {
			this.ready = false;
			this.flushDue = true;
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
