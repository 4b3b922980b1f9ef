package dev.transportlab.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's refusals in the API's own format: 401 (no token, or a bad one:
 * expired, wrong signature, unsigned, malformed) and 403 (a token for another feed) as
 * application/problem+json, with RFC 6750's {@code WWW-Authenticate} on the 401. The
 * detail says what was wrong, never the token itself.
 */
final class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper json;

	AuthProblems(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String feed = FeedPaths.feedId(request);
		String where = "a token from POST /api/feeds/" + feed + "/tokens, as 'Authorization: Bearer <token>', "
				+ "the lab_token cookie or the access_token query parameter";
		String detail;
		String challenge = "Bearer realm=\"transport-lab\"";
		if (ex instanceof OAuth2AuthenticationException oauth) {
			String reason = oauth.getError().getDescription();
			detail = "The token was refused (" + ((reason != null) ? reason : oauth.getError().getErrorCode())
					+ "); get a new one: " + where + ".";
			challenge += ", error=\"invalid_token\"";
		}
		else {
			detail = "Feed '" + feed + "' is private: reading it needs " + where + ".";
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, detail));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			org.springframework.security.access.AccessDeniedException ex) throws IOException {
		String feed = FeedPaths.feedId(request);
		write(request, response,
				Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "The token is for another feed; feed '" + feed
						+ "' needs its own (POST /api/feeds/" + feed + "/tokens)."));
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI())); // as the API's other
																	// problems
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
	}

}
