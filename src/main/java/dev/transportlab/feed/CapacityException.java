package dev.transportlab.feed;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** No room for another connection of this transport right now: try again later (503). */
public class CapacityException extends ProblemException {

	public CapacityException(Transport transport, int max) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.CAPACITY, "The server holds at most " + max + " "
				+ transport.key() + " connections (lab.limits.max-connections-per-transport); try again later.");
	}

	@Override
	public HttpHeaders headers() {
		return retryAfter(5);
	}

}
