package dev.transportlab.problem;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with application/problem+json: each kind says its status, its
 * problem type and a detail that tells what is allowed. {@link ProblemHandler} maps every
 * one the same way, so a feature package throws its own kind and never imports the
 * handler (dependencies run one way: features use problem/, problem/ uses none of them).
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	protected ProblemException(HttpStatus status, String type, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The last part of the problem type URI (see {@link Problems}). */
	public String type() {
		return this.type;
	}

	/** Headers of the answer, e.g. Retry-After when waiting helps. */
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

	/** Extra members of the problem object. */
	public Map<String, Object> properties() {
		return Map.of();
	}

	protected static HttpHeaders retryAfter(int seconds) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(seconds));
		return headers;
	}

}
