package dev.transportlab.feed;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request that is well-formed but over one of the configured limits: 429 when waiting
 * helps (a cap on how many exist), 400 for a value out of range.
 */
public class FeedLimitException extends ProblemException {

	private final boolean retryLater;

	public FeedLimitException(String message, boolean retryLater) {
		super(retryLater ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.BAD_REQUEST,
				retryLater ? Problems.TOO_MANY : Problems.LIMIT, message);
		this.retryLater = retryLater;
	}

	public boolean retryLater() {
		return this.retryLater;
	}

	@Override
	public HttpHeaders headers() {
		return this.retryLater ? retryAfter(30) : HttpHeaders.EMPTY;
	}

}
