package dev.transportlab.transport.websocket;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The handshake with the client's extension offer taken out, so that the container
 * (Tomcat) negotiates no permessage-deflate: every frame goes out as the event's bytes,
 * instead of being compressed again for each connection.
 */
final class UncompressedUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String protocol,
			List<WebSocketExtension> extensions, Principal user, WebSocketHandler handler,
			Map<String, Object> attributes) {
		HttpServletRequest withoutOffer = new HttpServletRequestWrapper(getHttpServletRequest(request)) {
			@Override
			public String getHeader(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}
		};
		super.upgrade(new ServletServerHttpRequest(withoutOffer), response, protocol, List.of(), user, handler,
				attributes);
	}

}
