package dev.transportlab.transport;

import java.io.IOException;

import jakarta.servlet.ServletOutputStream;

/**
 * A servlet output stream in non-blocking mode, as the push sinks use it: every write
 * hands the container bytes and returns at once. The Servlet API allows a write only
 * while {@code isReady()}; bytes written while it is not (the second write of one step: a
 * gap notice, then events) wait here, in order, and go with the next write the stream can
 * take. The caller asks {@link #writable()} before each step, so what waits is at most
 * one step's worth. Not thread-safe: the sink serialises its calls.
 */
public final class NonBlockingOutput {

	private final ServletOutputStream stream;

	private byte[] waiting;

	/** The last write may still sit in the response buffer: flush when possible. */
	private boolean flushDue;

	private long unwritableSince;

	public NonBlockingOutput(ServletOutputStream stream) {
		this.stream = stream;
	}

	/** Writes now if the stream can take it, else keeps the bytes for the next chance. */
	public void write(byte[] bytes) throws IOException {
		if (this.waiting == null && this.stream.isReady()) {
			this.stream.write(bytes);
			this.flushDue = true;
			flushIfReady();
		}
		else {
			this.waiting = (this.waiting == null) ? bytes : concat(this.waiting, bytes);
		}
	}

	/**
	 * True when the client took everything so far and the stream can take a write; the
	 * container calls the write listener when it can again.
	 */
	public boolean writable() throws IOException {
		if (!flushIfReady()) {
			markUnwritable();
			return false;
		}
		if (this.waiting != null) {
			byte[] bytes = this.waiting;
			this.waiting = null;
			this.stream.write(bytes);
			this.flushDue = true;
			if (!flushIfReady()) {
				markUnwritable();
				return false;
			}
		}
		this.unwritableSince = 0;
		return true;
	}

	/** Since when (System.nanoTime) the client has not taken a write; 0: it has. */
	public long unwritableSince() {
		return this.unwritableSince;
	}

	private void markUnwritable() {
		if (this.unwritableSince == 0) {
			this.unwritableSince = System.nanoTime();
		}
	}

	private boolean flushIfReady() throws IOException {
		if (!this.stream.isReady()) {
			return false;
		}
		if (this.flushDue) {
			this.flushDue = false;
			this.stream.flush();
			return this.stream.isReady();
		}
		return true;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
