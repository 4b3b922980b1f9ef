package dev.transportlab.transport.websocket;

import java.io.IOException;
import java.util.List;

import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedSink;
import dev.transportlab.feed.Gap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One text frame per event (the event's JSON as is), a frame per gap notice, pings as
 * heartbeats.
 */
final class WebSocketSink implements FeedSink {

	private final WebSocketSession session;

	WebSocketSink(WebSocketSession session) {
		this.session = session;
	}

	@Override
	public long sendEvents(List<FeedEvent> events) throws IOException {
		long bytes = 0;
		for (FeedEvent event : events) {
			this.session.sendMessage(new TextMessage(event.json()));
			bytes += event.utf8().length;
		}
		return bytes;
	}

	@Override
	public long sendGap(Gap gap) throws IOException {
		String json = gap.json();
		this.session.sendMessage(new TextMessage(json));
		return json.length();
	}

	@Override
	public void sendHeartbeat() throws IOException {
		this.session.sendMessage(new PingMessage());
	}

	@Override
	public void close(EndReason reason) {
		CloseStatus status = switch (reason) {
			case SHUTDOWN -> CloseStatus.GOING_AWAY.withReason("server shutting down");
			case FEED_REMOVED -> CloseStatus.GOING_AWAY.withReason("feed removed");
			case WRITE_FAILED -> CloseStatus.POLICY_VIOLATION.withReason("send failed: client not reading");
			// private feed: 4001 (application range), the client gets a fresh token and
			// resumes
			case AUTH_EXPIRED -> new CloseStatus(4001, "token expired");
		};
		try {
			this.session.close(status);
		}
		catch (IOException | IllegalStateException ex) {
			// already gone
		}
	}

}
