package dev.transportlab.tools.client;

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
public final class ChaosProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	public ChaosProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Threads.start("chaos-proxy-accept", this::accept);
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	public int open() {
		return this.pipes.size();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				Threads.start(() -> relay(client));
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
		Threads.start(() -> pipe.pump(server, client));
		pipe.pump(client, server);
	}

	/** Resets one live connection chosen at random; false if none was open. */
	public boolean cutRandom(Random random) {
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

		public Pipe(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		public void pump(Socket from, Socket to) {
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

		public void cut() {
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
