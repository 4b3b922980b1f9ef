package dev.transportlab.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JDK HttpClients shared by the load clients: each one multiplexes its connections over
 * one selector thread, so a few of them carry thousands of connections. Above ~25k
 * connections the clients bind to different loopback source addresses (127.0.0.1,
 * 127.0.0.2, ...), because one address has only ~28k ephemeral ports.
 */
final class HttpClients implements AutoCloseable {

	private final List<HttpClient> clients = new ArrayList<>();

	private final int perClient;

	/** Callbacks and blocking polls run on virtual threads: no platform thread per connection. */
	private final ExecutorService executor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("load-client-", 0).factory());

	HttpClients(int connections, int perClient, int sourceAddresses) {
		this.perClient = perClient;
		int count = Math.max(1, (connections + perClient - 1) / perClient);
		for (int k = 0; k < count; k++) {
			HttpClient.Builder builder = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(30))
				.executor(this.executor);
			if (sourceAddresses > 1) {
				builder.localAddress(loopback(1 + k % sourceAddresses));
			}
			this.clients.add(builder.build());
		}
	}

	HttpClient forClient(int index) {
		return this.clients.get(Math.min(index / this.perClient, this.clients.size() - 1));
	}

	ExecutorService executor() {
		return this.executor;
	}

	int size() {
		return this.clients.size();
	}

	private static InetAddress loopback(int last) {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		for (HttpClient client : this.clients) {
			client.shutdownNow();
		}
		for (HttpClient client : this.clients) {
			try {
				client.awaitTermination(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.executor.shutdownNow();
	}

}
