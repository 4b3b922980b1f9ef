package dev.transportlab.auth;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs first: takes an RFC 6750 {@code access_token} query parameter out of the request
 * as everything after it sees it (Spring's and Spring Security's request logging, the
 * WebSocket session's URI), keeping its value in a request attribute for
 * {@link FeedTokenResolver}. It also puts the redacted query in the attribute
 * {@value #QUERY} for Tomcat's access log pattern ({@code %{lab.query}r} instead of
 * {@code %q}), which reads the raw request, not this wrapper.
 */
final class AccessTokenRedaction extends OncePerRequestFilter {

	static final String PARAMETER = "access_token";

	/** The token from the query string, for the resolver. */
	static final String TOKEN = AccessTokenRedaction.class.getName() + ".token";

	/** The query string with the token masked, "" without a query: for the access log. */
	static final String QUERY = "lab.query";

	private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)access_token=[^&]*");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		if (query == null || !query.contains(PARAMETER)) {
			request.setAttribute(QUERY, (query == null) ? "" : "?" + query);
			chain.doFilter(request, response);
			return;
		}
		String token = request.getParameter(PARAMETER);
		if (token != null) {
			request.setAttribute(TOKEN, token);
		}
		String redacted = TOKEN_IN_QUERY.matcher(query).replaceAll("$1access_token=REDACTED");
		request.setAttribute(QUERY, "?" + redacted);
		chain.doFilter(new Redacted(request, redacted), response);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false; // an SSE stream's or long poll's second dispatch is logged too
	}

	/** The request without the token: query masked, parameter gone. */
	private static final class Redacted extends HttpServletRequestWrapper {

		private final String query;

		Redacted(HttpServletRequest request, String query) {
			super(request);
			this.query = query;
		}

		@Override
		public String getQueryString() {
			return this.query;
		}

		@Override
		public String getParameter(String name) {
			return PARAMETER.equals(name) ? null : super.getParameter(name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return PARAMETER.equals(name) ? null : super.getParameterValues(name);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
			parameters.remove(PARAMETER);
			return Collections.unmodifiableMap(parameters);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(getParameterMap().keySet());
		}

	}

}
