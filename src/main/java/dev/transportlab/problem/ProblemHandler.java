package dev.transportlab.problem;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.feed.CapacityException;
import dev.transportlab.feed.FeedLimitException;
import dev.transportlab.feed.FeedLogUnavailableException;
import dev.transportlab.feed.UnknownFeedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as application/problem+json whose detail says what was wrong and what
 * is allowed.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badParameter(BadParameterException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER, ex.getMessage());
		problem.setProperty("parameter", ex.parameter());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownFeed(UnknownFeedException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, Problems.UNKNOWN_FEED, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> limit(FeedLimitException ex) {
		if (ex.retryLater()) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, "30")
				.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY, ex.getMessage()));
		}
		return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, Problems.LIMIT, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> capacity(CapacityException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CAPACITY, ex.getMessage()));
	}

	/** The shared log (Redis) is away: retry later, never a 500. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> logUnavailable(FeedLogUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.LOG_UNAVAILABLE, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex) {
		if (ex.tokenPresent()) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN)
				.body(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, ex.getMessage()));
		}
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"transport-lab\"")
			.body(Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, ex.getMessage()));
	}

	/**
	 * Tomcat decodes the query string when the first parameter is read and throws on a
	 * stray '%' or bad UTF-8: the client's mistake, so a 400 and no error log.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> undecodableQuery(InvalidParameterException ex) {
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER,
					"The query string cannot be decoded: each '%' must start an escape of two hex digits,"
							+ " and the escapes must form UTF-8."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY,
				"The body must be a JSON object like {\"rate\": 10, \"markers\": 50} (both optional integers).");
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (ex instanceof AsyncRequestNotUsableException || ex instanceof java.io.IOException) {
			logger.debug("Client went away: {}", ex.toString());
			return null;
		}
		logger.error("Unexpected error", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected server error."));
	}

}
