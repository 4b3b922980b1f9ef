package dev.transportlab.feed;

/** A request that is well-formed but over one of the configured limits. */
public class FeedLimitException extends RuntimeException {

	private final boolean retryLater;

	public FeedLimitException(String message, boolean retryLater) {
		super(message);
		this.retryLater = retryLater;
	}

	/**
	 * True when waiting helps (a cap on how many exist), false for a value out of range.
	 */
	public boolean retryLater() {
		return this.retryLater;
	}

}
