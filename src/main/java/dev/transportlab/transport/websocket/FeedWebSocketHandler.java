package dev.transportlab.transport.websocket;

import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.CapacityException;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Subscription;
import dev.transportlab.feed.Transport;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring engine, kept for teaching and for comparison at
 * {@code /ws/spring/feeds/{id}}: a
 * {@link org.springframework.web.socket.WebSocketHandler} on Tomcat's JSR-356 sessions,
 * which encode (and, with permessage-deflate, compress) every message once per
 * connection. The default engine at {@code /ws/feeds/{id}} is {@link FeedSocket}. One
 * text frame per event. The client may send one kind of message,
 * {@code {"type":"resume","after":N,"epoch":"E"}}; anything else closes the socket with
 * the fitting RFC 6455 code: binary 1003 (by TextWebSocketHandler), malformed or unknown
 * 1008, too big 1009 (by the container).
 */
@Component
class FeedWebSocketHandler extends TextWebSocketHandler {

	private static final String SUBSCRIPTION = "subscription";

	/** Tomcat's user property for the time limit of a blocking send, in ms. */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final FeedRegistry feeds;

	private final WireStats stats;

	private final JsonMapper json;

	private final TokenExpiry expiry;

	FeedWebSocketHandler(FeedRegistry feeds, WireStats stats, JsonMapper json, TokenExpiry expiry) {
		this.feeds = feeds;
		this.stats = stats;
		this.json = json;
		this.expiry = expiry;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws java.io.IOException {
		Feed feed = (Feed) session.getAttributes().get(FeedHandshakeInterceptor.FEED);
		ResumePoint from = (ResumePoint) session.getAttributes().get(FeedHandshakeInterceptor.FROM);
		int sendTimeout = (int) this.feeds.properties().websocket().sendTimeout().toMillis();
		// Tomcat's own limit on a blocking send: a client that stops reading is dropped
		// after this (the send fails, the subscription ends, the socket is closed)
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session tomcatSession) {
			tomcatSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, (long) sendTimeout);
		}
		// the decorator serialises our sends with closes coming from other threads
		var safeSession = new ConcurrentWebSocketSessionDecorator(session, sendTimeout, 1024 * 1024);
		try {
			Subscription subscription = feed.subscribe(Transport.WEBSOCKET, from,
					this.stats.meter(Transport.WEBSOCKET, new WebSocketSink(safeSession)));
			session.getAttributes().put(SUBSCRIPTION, subscription);
			// private feed: closed with 4001 when the token expires
			this.expiry.endAtExpiry(session.getPrincipal(), subscription);
		}
		catch (CapacityException ex) {
			// lost the race for the last slot after the handshake check
			safeSession
				.close(CloseStatus.SERVICE_OVERLOAD.withReason("too many WebSocket connections; try again later"));
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
		ResumeMessage resume = ResumeMessage.read(this.json, message.getPayload());
		if (resume.refusal() != null) {
			session.close(CloseStatus.POLICY_VIOLATION.withReason(resume.refusal()));
			return;
		}
		Subscription subscription = (Subscription) session.getAttributes().get(SUBSCRIPTION);
		if (subscription != null) {
			subscription.resume(resume.from());
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		Subscription subscription = (Subscription) session.getAttributes().get(SUBSCRIPTION);
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
