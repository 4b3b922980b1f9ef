package dev.transportlab.tools.load;

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

	/** Callbacks and the polling loops (one thread each until they are made asynchronous). */
	private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "load-client");
		thread.setDaemon(true);
		return thread;
	});

	HttpClients(int connections, int perClient, int sourceAddresses) {
		this.perClient = perClient;
		int count = Math.max(1, (connections + perClient - 1) / perClient);
		for (int k = 0; k < count; k++) {
			HttpClient.Builder builder = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(30))
				.executor(this.executor);
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

	@Override
	public void close() {
		this.clients.clear();
		this.executor.shutdownNow();
	}

}
