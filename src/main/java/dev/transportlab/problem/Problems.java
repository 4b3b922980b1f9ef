package dev.transportlab.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types of the API (RFC 9457); the {@code type} is what tests and clients
 * match.
 */
public final class Problems {

	public static final String BAD_PARAMETER = "bad-parameter";

	public static final String UNKNOWN_FEED = "unknown-feed";

	public static final String LIMIT = "limit-exceeded";

	public static final String TOO_MANY = "too-many";

	public static final String CAPACITY = "capacity";

	public static final String TOO_LARGE = "too-large";

	public static final String MALFORMED_BODY = "malformed-body";

	public static final String UNAUTHORIZED = "unauthorized";

	public static final String FORBIDDEN = "forbidden";

	public static final String UNKNOWN_JOB = "unknown-job";

	public static final String JOB_FINISHED = "job-finished";

	public static final String LOG_UNAVAILABLE = "log-unavailable";

	private Problems() {
	}

	public static URI type(String name) {
		return URI.create("urn:transport-lab:problem:" + name);
	}

	public static ProblemDetail of(HttpStatus status, String name, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(name));
		return problem;
	}

}
