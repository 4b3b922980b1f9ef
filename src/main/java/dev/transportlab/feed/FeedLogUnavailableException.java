package dev.transportlab.feed;

/** The shared feed log cannot be reached: a change that must be shared cannot be made. */
public class FeedLogUnavailableException extends RuntimeException {

	public FeedLogUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
