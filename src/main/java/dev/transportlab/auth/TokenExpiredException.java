package dev.transportlab.auth;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A long poll of a private feed whose token expired while it waited: 401. */
public class TokenExpiredException extends ProblemException {

	public TokenExpiredException(String feed) {
		super(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "The token expired while the poll waited; get a new one"
				+ " (POST /api/feeds/" + feed + "/tokens) and poll again from the same point.");
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"transport-lab\", error=\"invalid_token\", error_description=\"token expired\"");
		return headers;
	}

}
