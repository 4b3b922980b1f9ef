package dev.transportlab.transport.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.LabProperties;
import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.CapacityException;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.WebUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * The handshake of the direct WebSocket engine at {@code /ws/feeds/{id}} (RFC 6455 4.2):
 * the same checks as the Spring engine (origin, feed, capacity, resume point), then the
 * 101 answer and the connection handed to a {@link FeedSocket}. permessage-deflate is
 * agreed with {@code server_no_context_takeover}, which RFC 7692 lets the server add even
 * when the client did not ask: each event is then compressed once for every connection.
 */
@RestController
class FeedSocketController {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final FeedRegistry feeds;

	private final FeedHandshakeInterceptor checks;

	private final WireStats stats;

	private final JsonMapper json;

	private final LabProperties properties;

	private final TokenExpiry expiry;

	private final CorsConfiguration origins = new CorsConfiguration();

	FeedSocketController(FeedRegistry feeds, FeedHandshakeInterceptor checks, WireStats stats, JsonMapper json,
			LabProperties properties, TokenExpiry expiry) {
		this.expiry = expiry;
		this.feeds = feeds;
		this.checks = checks;
		this.stats = stats;
		this.json = json;
		this.properties = properties;
		this.origins.setAllowedOrigins(properties.allowedOrigins());
	}

	@GetMapping("/ws/feeds/{id}")
	void upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
				|| !headerHasToken(request.getHeader("Connection"), "upgrade")) {
			response.setHeader("Upgrade", "websocket");
			refuse(response, Problems.of(HttpStatus.UPGRADE_REQUIRED, Problems.BAD_PARAMETER,
					"This is a WebSocket endpoint: open it with a WebSocket client (Upgrade: websocket)."));
			return;
		}
		if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
			response.setHeader("Sec-WebSocket-Version", "13");
			refuse(response, Problems.of(HttpStatus.UPGRADE_REQUIRED, Problems.BAD_PARAMETER,
					"Only WebSocket version 13 (RFC 6455) is spoken here."));
			return;
		}
		String key = request.getHeader("Sec-WebSocket-Key");
		if (!validKey(key)) {
			refuse(response, Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER,
					"Sec-WebSocket-Key must be 16 random bytes in base64."));
			return;
		}
		ServletServerHttpRequest serverRequest = new ServletServerHttpRequest(request);
		String origin = request.getHeader("Origin");
		if (origin != null && !WebUtils.isSameOrigin(serverRequest) && this.origins.checkOrigin(origin) == null) {
			refuse(response, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
					"Origin " + origin + " may not open WebSockets here (lab.allowed-origins)."));
			return;
		}
		Map<String, Object> attributes = new HashMap<>();
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
		if (!this.checks.beforeHandshake(serverRequest, serverResponse, null, attributes)) {
			serverResponse.flush();
			return;
		}
		boolean deflate = this.properties.websocket().compression()
				&& Deflate.offered(request.getHeaders("Sec-WebSocket-Extensions"));
		response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
		response.setHeader("Upgrade", "websocket");
		response.setHeader("Connection", "Upgrade");
		response.setHeader("Sec-WebSocket-Accept", accept(key));
		if (deflate) {
			response.setHeader("Sec-WebSocket-Extensions", Deflate.ANSWER);
		}
		Link link = new Link((Feed) attributes.get(FeedHandshakeInterceptor.FEED),
				(ResumePoint) attributes.get(FeedHandshakeInterceptor.FROM), request.getUserPrincipal());
		FeedSocket socket = request.upgrade(FeedSocket.class);
		link.socket = socket;
		socket.configure(new FeedSocket.Settings(deflate, this.properties.websocket().maxTextMessageSize(),
				this.properties.websocket().sendTimeout().toNanos(), link::text, link::end, link::open));
	}

	private void refuse(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
	}

	private static boolean headerHasToken(String header, String token) {
		if (header == null) {
			return false;
		}
		for (String part : header.split(",")) {
			if (part.strip().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	private static boolean validKey(String key) {
		try {
			return key != null && Base64.getDecoder().decode(key.strip()).length == 16;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static String accept(String key) {
		try {
			byte[] sha1 = MessageDigest.getInstance("SHA-1")
				.digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(sha1);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One connection's tie to its feed: opened once the socket can write. */
	private final class Link {

		private final Feed feed;

		/**
		 * Where the subscription starts: the URL's point, or a resume sent before it
		 * opened.
		 */
		private volatile ResumePoint from;

		private volatile FeedSocket socket;

		private volatile Subscription subscription;

		private volatile boolean ended;

		/**
		 * The handshake's token on a private feed: the socket closes 4001 when it
		 * expires.
		 */
		private final Principal principal;

		Link(Feed feed, ResumePoint from, Principal principal) {
			this.feed = feed;
			this.from = from;
			this.principal = principal;
		}

		synchronized void open(FeedSocket socket) {
			try {
				Subscription subscribed = this.feed.subscribe(Transport.WEBSOCKET, this.from,
						FeedSocketController.this.stats.meter(Transport.WEBSOCKET, socket));
				this.subscription = subscribed;
				FeedSocketController.this.expiry.endAtExpiry(this.principal, subscribed);
				if (this.ended) {
					subscribed.cancel();
				}
			}
			catch (CapacityException ex) {
				// lost the race for the last slot after the handshake check
				socket.closeWith(1013, "too many WebSocket connections; try again later");
			}
		}

		synchronized void text(String text) {
			ResumeMessage resume = ResumeMessage.read(FeedSocketController.this.json, text);
			Subscription current = this.subscription;
			if (resume.refusal() != null) {
				this.socket.closeWith(1008, resume.refusal());
			}
			else if (current != null) {
				current.resume(resume.from());
			}
			else {
				this.from = resume.from();
			}
		}

		void end() {
			this.ended = true;
			Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
		}

	}

	/** permessage-deflate (RFC 7692) as this server agrees it. */
	static final class Deflate {

		static final String ANSWER = "permessage-deflate; server_no_context_takeover";

		private Deflate() {
		}

		/**
		 * True when one of the client's offers is permessage-deflate that a compressor
		 * with a full window (Java's Deflater has no other) may answer: no
		 * {@code server_max_window_bits} below 15 and no parameter this server does not
		 * know.
		 */
		static boolean offered(java.util.Enumeration<String> headers) {
			while (headers != null && headers.hasMoreElements()) {
				for (String offer : headers.nextElement().split(",")) {
					if (acceptable(offer)) {
						return true;
					}
				}
			}
			return false;
		}

		private static boolean acceptable(String offer) {
			String[] parts = offer.split(";");
			if (!parts[0].strip().equalsIgnoreCase("permessage-deflate")) {
				return false;
			}
			for (int i = 1; i < parts.length; i++) {
				String[] param = parts[i].strip().split("=", 2);
				String name = param[0].strip().toLowerCase(java.util.Locale.ROOT);
				String value = (param.length > 1) ? param[1].strip().replace("\"", "") : null;
				switch (name) {
					case "server_no_context_takeover", "client_no_context_takeover", "client_max_window_bits" -> {
					}
					case "server_max_window_bits" -> {
						if (!"15".equals(value)) {
							return false;
						}
					}
					default -> {
						return false;
					}
				}
			}
			return true;
		}

	}

}
