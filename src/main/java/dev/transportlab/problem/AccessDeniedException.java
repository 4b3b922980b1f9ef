package dev.transportlab.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The admin token is missing (401) or wrong (403). */
public class AccessDeniedException extends ProblemException {

	public AccessDeniedException(boolean tokenPresent) {
		super(tokenPresent ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED,
				tokenPresent ? Problems.FORBIDDEN : Problems.UNAUTHORIZED,
				tokenPresent ? "The bearer token is not the configured admin token."
						: "Changing a feed needs 'Authorization: Bearer <token>' with the admin token (LAB_ADMIN_TOKEN).");
	}

	@Override
	public HttpHeaders headers() {
		if (status() != HttpStatus.UNAUTHORIZED) {
			return HttpHeaders.EMPTY;
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"transport-lab\"");
		return headers;
	}

}
