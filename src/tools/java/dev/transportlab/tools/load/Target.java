package dev.transportlab.tools.load;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A server under load: this project's app, or a peer (nginx + nchan, Node) that serves the
 * same events over SSE and WebSocket. Its cost is read from /proc for its {@link #pid()}.
 */
interface Target extends AutoCloseable {

	/** {@code transport-lab}, {@code nchan} or {@code node}. */
	String name();

	boolean serves(String transport);

	/**
	 * A feed of {@code rate} events/s with {@code markers} markers each, ready for
	 * subscribers; peers get theirs from a {@link Publisher} that this starts.
	 */
	String feed(int rate, int markers) throws IOException, InterruptedException;

	/** Where a client of {@code transport} subscribes to {@code feed}. */
	URI uri(String transport, String feed);

	/** The process that does the serving (nchan: the nginx worker), null if unknown. */
	Long pid();

	/** The publisher feeding a peer (null for this project, whose feed makes its own events). */
	default Publisher publisher() {
		return null;
	}

	/** Actuator figures (this project only; peers have none). */
	default Map<String, Double> metrics(String transport) throws IOException, InterruptedException {
		return Map.of();
	}

	/** Heap after a full GC, where the server is a JVM that says; null otherwise. */
	default Long heapAfterGc() throws IOException, InterruptedException {
		return null;
	}

	/** Blocks (bounded) until the server has let go of the last run's connections. */
	default void awaitIdle(String transport) throws InterruptedException {
	}

	@Override
	void close();

}
