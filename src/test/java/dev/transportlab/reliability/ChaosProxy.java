package dev.transportlab.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the test clients and the server that can drop a live connection
 * at any moment, both sides at once with a reset: what a flaky network or a restarted
 * middlebox does. The server sees its peer vanish without a goodbye; so does the client.
 * No hook inside the application is needed for these server-side faults.
 */
final class ChaosProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	ChaosProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().name("chaos-proxy-accept").start(this::accept);
	}

	int port() {
		return this.listener.getLocalPort();
	}

	int open() {
		return this.pipes.size();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				Thread.ofVirtual().start(() -> relay(client));
			}
			catch (IOException ex) {
				// the listener was closed
			}
		}
	}

	private void relay(Socket client) {
		Socket server = new Socket();
		try {
			server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5000);
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
		}
		catch (IOException ex) {
			// the server refused: so does the proxy
			Pipe.close(client);
			Pipe.close(server);
			return;
		}
		Pipe pipe = new Pipe(client, server);
		this.pipes.add(pipe);
		Thread.ofVirtual().start(() -> pipe.pump(server, client));
		pipe.pump(client, server);
	}

	/** Resets one live connection chosen at random; false if none was open. */
	boolean cutRandom(Random random) {
		List<Pipe> live = new ArrayList<>(this.pipes);
		if (live.isEmpty()) {
			return false;
		}
		live.get(random.nextInt(live.size())).cut();
		return true;
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.listener.close();
		this.pipes.forEach(Pipe::cut);
	}

	private final class Pipe {

		private final Socket client;

		private final Socket server;

		Pipe(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) != -1) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// cut, or one side went away
			}
			finally {
				close(this.client);
				close(this.server);
				ChaosProxy.this.pipes.remove(this);
			}
		}

		void cut() {
			ChaosProxy.this.pipes.remove(this);
			reset(this.client);
			reset(this.server);
		}

		private static void reset(Socket socket) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// already closed
			}
			close(socket);
		}

		private static void close(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

	}

}
