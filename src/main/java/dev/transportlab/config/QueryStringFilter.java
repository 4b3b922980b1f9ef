package dev.transportlab.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a query string that cannot be percent-decoded (a stray '%', escapes that do not
 * form UTF-8), that has a parameter without a name ({@code =j}, which Tomcat refuses and
 * Jetty drops) or more parameters than a container parses, with a 400 problem, before
 * anything reads a parameter. The containers each throw their own exception from the
 * first {@code getParameter} (Tomcat's InvalidParameterException, Jetty's
 * BadMessageException), wherever it happens to be called; checked here once, the answer
 * is the same on both and never a 500.
 */
final class QueryStringFilter extends OncePerRequestFilter {

	/** Tomcat's and Jetty's default cap on parameters of one request. */
	static final int MAX_PARAMETERS = 1000;

	static final String UNDECODABLE = "The query string cannot be decoded: each '%' must start an escape of two hex"
			+ " digits, and the escapes must form UTF-8.";

	static final String NAMELESS = "Every parameter of the query string needs a name: '=value' has none.";

	private final JsonMapper json;

	QueryStringFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = problem(request.getQueryString());
		if (problem == null) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream()
			.write(this.json.writeValueAsBytes(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER, problem)));
	}

	/** What is wrong with {@code query} (raw, as sent), or null when nothing is. */
	static String problem(String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		byte[] decoded = new byte[query.length()];
		int length = 0;
		int parameters = 1;
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
						|| Character.digit(query.charAt(i + 2), 16) < 0) {
					return UNDECODABLE;
				}
				decoded[length++] = (byte) Integer.parseInt(query, i + 1, i + 3, 16);
				i += 2;
				continue;
			}
			if (c == '&') {
				parameters++;
			}
			else if (c == '=' && (i == 0 || query.charAt(i - 1) == '&')) {
				return NAMELESS;
			}
			// a separator or a plain character can never complete an escaped sequence
			decoded[length++] = (c < 0x80) ? (byte) c : (byte) 'x';
		}
		if (parameters > MAX_PARAMETERS) {
			return "A query string may have at most " + MAX_PARAMETERS + " parameters; this one has " + parameters
					+ ".";
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(decoded, 0, length));
			return null;
		}
		catch (CharacterCodingException ex) {
			return UNDECODABLE;
		}
	}

}
