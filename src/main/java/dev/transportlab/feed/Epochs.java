package dev.transportlab.feed;

import java.util.concurrent.ThreadLocalRandom;

/** Names for a feed's history. */
public final class Epochs {

	private Epochs() {
	}

	/**
	 * Different on every start (and for a shared log, on every loss of its history), so
	 * that a client can tell its history is gone.
	 */
	public static String next() {
		return Long.toString(System.currentTimeMillis(), 36) + "-"
				+ Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
	}

}
