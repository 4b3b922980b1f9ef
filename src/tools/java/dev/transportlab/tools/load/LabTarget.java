package dev.transportlab.tools.load;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.transportlab.tools.client.AppProcess;

/** This project's server, started from the jar (or a running one at --base-url). */
final class LabTarget implements Target {

	private final String name;

	private final AppProcess app;

	/** {@code transport-lab}, or {@code transport-lab-NAME} for a jar given with --also-jar. */
	static boolean isLab(String server) {
		return server.startsWith("transport-lab");
	}

	LabTarget(String name, AppProcess app) {
		this.name = name;
		this.app = app;
	}

	AppProcess app() {
		return this.app;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean serves(String transport) {
		return true;
	}

	@Override
	public String feed(int rate, int markers) throws IOException, InterruptedException {
		return this.app.createFeed(rate, markers);
	}

	@Override
	public URI uri(String transport, String feed) {
		URI base = this.app.baseUrl();
		return switch (transport) {
			case "sse", "fetch" -> base.resolve("/api/feeds/" + feed + "/stream");
			case "websocket" -> URI.create("ws://" + base.getAuthority() + "/ws/feeds/" + feed);
			default -> base.resolve("/api/feeds/" + feed + "/events");
		};
	}

	@Override
	public Long pid() {
		return this.app.pid();
	}

	@Override
	public Map<String, Double> metrics(String transport) throws IOException, InterruptedException {
		return this.app.metrics(transport);
	}

	@Override
	public Long heapAfterGc() throws IOException, InterruptedException {
		return this.app.memory().heapBytes();
	}

	/**
	 * Push connections close on the server a little after the clients hang up: wait for
	 * that (bounded). Polling clients simply stop asking; the server forgets them by itself.
	 */
	@Override
	public void awaitIdle(String transport) throws InterruptedException {
		if (transport.endsWith("polling")) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try {
				Double connections = this.app.metrics(transport)
					.get("lab_transport_connections{transport=\"" + transport + "\"}");
				if (connections == null || connections < 1) {
					return;
				}
			}
			catch (IOException ex) {
				return;
			}
			Thread.sleep(500);
		}
	}

	@Override
	public void close() {
		this.app.close();
	}

}
