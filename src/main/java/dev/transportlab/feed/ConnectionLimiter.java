package dev.transportlab.feed;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open connections per transport (SSE streams, WebSockets, waiting long polls), so
 * that one transport cannot take every socket and file descriptor from the others.
 */
public final class ConnectionLimiter {

	private final Map<Transport, AtomicInteger> open = new EnumMap<>(Transport.class);

	private final int max;

	public ConnectionLimiter(int max) {
		this.max = max;
		for (Transport transport : Transport.values()) {
			this.open.put(transport, new AtomicInteger());
		}
	}

	/**
	 * Takes a slot, or says no (the caller answers 503 + Retry-After, or closes with
	 * 1013).
	 */
	public boolean tryAcquire(Transport transport) {
		AtomicInteger count = this.open.get(transport);
		while (true) {
			int current = count.get();
			if (current >= this.max) {
				return false;
			}
			if (count.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	public void release(Transport transport) {
		this.open.get(transport).decrementAndGet();
	}

	public int open(Transport transport) {
		return this.open.get(transport).get();
	}

	public int max() {
		return this.max;
	}

}
