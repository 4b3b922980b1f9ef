package dev.transportlab.feed;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The shared feed log cannot be reached: a change that must be shared cannot be made. 503
 * with Retry-After, never a 500.
 */
public class FeedLogUnavailableException extends ProblemException {

	public FeedLogUnavailableException(String message, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.LOG_UNAVAILABLE, message);
		initCause(cause);
	}

	@Override
	public HttpHeaders headers() {
		return retryAfter(5);
	}

}
