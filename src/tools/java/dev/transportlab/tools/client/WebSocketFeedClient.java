package dev.transportlab.tools.client;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A WebSocket tab: one text frame per event; offers permessage-deflate as browsers do
 * (unless the settings say not to); after a close it reconnects with
 * {@code ?after=N&epoch=E} so that nothing is lost. Jetty answers pings.
 */
public final class WebSocketFeedClient extends AbstractFeedClient {

	/** What Chromium and Firefox send. */
	static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

	private final WebSocketClient webSocket;

	private volatile Session session;

	private volatile String extensions = "";

	WebSocketFeedClient(AsyncClients clients, WebSocketClient webSocket, URI uri, ClientOptions options,
			FeedListener listener) {
		super(clients, uri, options, listener);
		this.webSocket = webSocket;
	}

	@Override
	public String transport() {
		return "websocket";
	}

	@Override
	public String extensions() {
		return this.extensions;
	}

	@Override
	void connect() {
		String resume = resumeQuery();
		String token = token();
		String url = (resume == null) ? this.uri.toString()
				: this.uri + (this.uri.getQuery() == null ? "?" : "&") + resume;
		ClientUpgradeRequest request = new ClientUpgradeRequest(URI.create(withToken(url, token)));
		tokenHeaders(token, request::setHeader);
		if (this.clients.settings().webSocketDeflate()) {
			request.addExtensions(BROWSER_OFFER);
		}
		if (this.options.origin() != null) {
			request.setHeader("Origin", this.options.origin());
		}
		Attempt attempt = new Attempt();
		requested();
		try {
			this.webSocket.connect(new Endpoint(attempt), request).whenComplete((session, failure) -> {
				if (failure != null) {
					attempt.ended(failure);
				}
				else if (!this.running) {
					session.disconnect();
				}
			});
		}
		catch (IOException ex) {
			attempt.ended(ex);
		}
	}

	@Override
	boolean abort() {
		Session session = this.session;
		if (session == null) {
			return false;
		}
		boolean open = session.isOpen();
		session.disconnect(); // no closing handshake: as a lost network
		return open;
	}

	/** Sends a text message and waits until it is written. */
	public void send(String text) {
		Callback.Completable written = new Callback.Completable();
		openSession().sendText(text, written);
		written.join();
	}

	/** Sends a binary message and waits until it is written. */
	public void sendBinary(ByteBuffer bytes) {
		Callback.Completable written = new Callback.Completable();
		openSession().sendBinary(bytes, written);
		written.join();
	}

	private Session openSession() {
		Session session = this.session;
		if (session == null) {
			throw new IllegalStateException("not connected");
		}
		return session;
	}

	public final class Endpoint implements Session.Listener.AutoDemanding {

		private final Attempt attempt;

		Endpoint(Attempt attempt) {
			this.attempt = attempt;
		}

		@Override
		public void onWebSocketOpen(Session session) {
			WebSocketFeedClient.this.session = session;
			String accepted = session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions");
			WebSocketFeedClient.this.extensions = (accepted == null) ? "" : accepted;
			this.attempt.opened();
		}

		@Override
		public void onWebSocketText(String text) {
			dispatch(text, EventText.nowMicros());
		}

		/**
		 * Jetty 12.1's close callback (the two-argument one is deprecated for removal, and
		 * javac warned about it on every build of the tools, {@code mvn spring-boot:run}
		 * included).
		 */
		@Override
		public void onWebSocketClose(int statusCode, String reason, Callback callback) {
			WebSocketFeedClient.this.listener.webSocketClose(WebSocketFeedClient.this, statusCode, reason);
			boolean clean = statusCode == StatusCode.NORMAL || statusCode == StatusCode.SHUTDOWN;
			this.attempt.ended(clean ? null : new IOException("closed " + statusCode + " " + reason));
			callback.succeed();
		}

		@Override
		public void onWebSocketError(Throwable cause) {
			this.attempt.ended(cause);
		}

	}

}
