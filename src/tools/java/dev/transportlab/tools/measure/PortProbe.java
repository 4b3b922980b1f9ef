package dev.transportlab.tools.measure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tries to connect to the server's port every 20 ms on a thread of its own, to see when
 * the old server stopped accepting and when the new one started.
 */
final class PortProbe {

	private final int port;

	/** nanoTime and outcome (1 accepted, 0 refused or no answer) of each try, in order. */
	private final List<long[]> tries = Collections.synchronizedList(new ArrayList<>());

	private volatile Thread thread;

	PortProbe(int port) {
		this.port = port;
	}

	void start() {
		Thread probe = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				long at = System.nanoTime();
				boolean accepted;
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
					accepted = true;
				}
				catch (IOException ex) {
					accepted = false;
				}
				this.tries.add(new long[] { at, accepted ? 1 : 0 });
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "storm-port-probe");
		probe.setDaemon(true);
		this.thread = probe;
		probe.start();
	}

	void stop() {
		Thread probe = this.thread;
		if (probe != null) {
			probe.interrupt();
		}
	}

	/** The first refused try after {@code from}; {@code otherwise} if none. */
	long firstRefusedAfter(long from, long otherwise) {
		return first(from, 0, otherwise);
	}

	/** The first accepted try after {@code from}; Long.MAX_VALUE if none. */
	long firstAcceptedAfter(long from) {
		return first(from, 1, Long.MAX_VALUE);
	}

	private long first(long from, long outcome, long otherwise) {
		synchronized (this.tries) {
			for (long[] attempt : this.tries) {
				if (attempt[0] >= from && attempt[1] == outcome) {
					return attempt[0];
				}
			}
		}
		return otherwise;
	}

}
