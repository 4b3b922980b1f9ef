package dev.transportlab.problem;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem documents without a server: status, type, detail, extra members and headers
 * of each kind, as {@link ProblemHandler} maps them.
 */
class ProblemUnitTests {

	private final ProblemHandler handler = new ProblemHandler();

	@Test
	void aBadParameterIsA400NamingTheParameterAndItsRule() {
		BadParameterException ex = new BadParameterException("wait", "must be 0..30, got 'x'");
		assertThat(ex.parameter()).isEqualTo("wait");
		ResponseEntity<ProblemDetail> answer = this.handler.problem(ex);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemDetail problem = answer.getBody();
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType()).isEqualTo(URI.create("urn:transport-lab:problem:bad-parameter"));
		assertThat(problem.getDetail()).isEqualTo("Parameter 'wait' must be 0..30, got 'x'");
		assertThat(problem.getProperties()).containsEntry("parameter", "wait");
	}

	@Test
	void aMissingTokenIs401WithAChallengeAndAWrongOne403Without() {
		ResponseEntity<ProblemDetail> missing = this.handler.problem(new AccessDeniedException(false));
		assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(missing.getBody().getType()).isEqualTo(Problems.type(Problems.UNAUTHORIZED));
		assertThat(missing.getBody().getDetail()).contains("Authorization: Bearer");
		assertThat(missing.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer realm=\"transport-lab\"");
		ResponseEntity<ProblemDetail> wrong = this.handler.problem(new AccessDeniedException(true));
		assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(wrong.getBody().getType()).isEqualTo(Problems.type(Problems.FORBIDDEN));
		assertThat(wrong.getBody().getDetail()).isEqualTo("The bearer token is not the configured admin token.");
		assertThat(wrong.getHeaders().containsHeader(HttpHeaders.WWW_AUTHENTICATE)).isFalse();
	}

	@Test
	void aProblemWithRetryAfterCarriesTheHeader() {
		ProblemException busy = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, Problems.CAPACITY, "full") {
			@Override
			public HttpHeaders headers() {
				return retryAfter(7);
			}
		};
		ResponseEntity<ProblemDetail> answer = this.handler.problem(busy);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
		assertThat(answer.getBody().getProperties()).isNullOrEmpty();
		assertThat(busy.type()).isEqualTo("capacity");
	}

	@Test
	void aClientThatWentAwayGetsNoAnswerAndAnythingElseA500WithoutItsMessage() {
		assertThat(this.handler.unexpected(new IOException("Broken pipe"))).isNull();
		ResponseEntity<ProblemDetail> answer = this.handler.unexpected(new IllegalStateException("secret internals"));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(answer.getBody().getDetail()).isEqualTo("Unexpected server error.");
	}

}
