package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP relay in front of the app: the one place where tests and tools see, count and
 * break what crosses the wire, without any hook in the application. It counts the bytes
 * each way exactly as they cross (request lines, headers, chunk framing, WebSocket frame
 * headers and masks, compressed payloads), and it can break connections the way a
 * server crash, a flaky network or a restarted middlebox does: all at once with new ones
 * refused for a while ({@link #cutAll(Duration)}), or one at random with a reset
 * ({@link #cutRandom(Random)}).
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final LongAdder bytesUp = new LongAdder();

	private final LongAdder bytesDown = new LongAdder();

	private final Tap tap;

	private volatile long refuseUntilNanos;

	private volatile boolean closed;

	private TcpProxy(ServerSocket listener, int targetPort, Tap tap) {
		this.listener = listener;
		this.targetPort = targetPort;
		this.tap = tap;
	}

	/** A relay on a free loopback port to {@code targetPort} on loopback. */
	public static TcpProxy start(int targetPort) {
		return start(targetPort, null);
	}

	/**
	 * As above, and every relayed byte is shown to {@code tap} as it crosses (for accounting
	 * that needs to know what the bytes are, such as HTTP requests and WebSocket frames).
	 */
	public static TcpProxy start(int targetPort, Tap tap) {
		return start(targetPort, tap, InetAddress.getLoopbackAddress());
	}

	/**
	 * As above, listening on {@code bind} (the any-address when a browser comes over another
	 * interface, such as the comparison run's lossy link).
	 */
	public static TcpProxy start(int targetPort, Tap tap, InetAddress bind) {
		try {
			TcpProxy proxy = new TcpProxy(new ServerSocket(0, 1000, bind), targetPort, tap);
			Threads.start("tcp-proxy-accept", proxy::acceptLoop);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** Connections relayed so far: it grows when a client reconnects. */
	public int accepted() {
		return this.accepted.get();
	}

	/** Connections open now. */
	public int open() {
		return this.pipes.size();
	}

	/** Bytes from clients to the app, as they crossed the socket. */
	public long bytesUp() {
		return this.bytesUp.sum();
	}

	/** Bytes from the app to clients, as they crossed the socket. */
	public long bytesDown() {
		return this.bytesDown.sum();
	}

	/** Closes every open connection and refuses new ones (accepts and closes them) for a while. */
	public void cutAll(Duration refuseFor) {
		this.refuseUntilNanos = System.nanoTime() + refuseFor.toNanos();
		this.pipes.forEach(Pipe::close);
	}

	/** Resets one live connection chosen at random; false if none was open. */
	public boolean cutRandom(Random random) {
		List<Pipe> live = new ArrayList<>(this.pipes);
		if (live.isEmpty()) {
			return false;
		}
		live.get(random.nextInt(live.size())).reset();
		return true;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				if (System.nanoTime() < this.refuseUntilNanos) {
					close(client);
					continue;
				}
				Threads.start("tcp-proxy-relay", () -> relay(client));
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
			// the app refused: so does the proxy
			close(client);
			close(server);
			return;
		}
		int id = this.accepted.incrementAndGet();
		Tap.Connection seen = this.tap == null ? null : this.tap.open(id, client.getPort());
		Pipe pipe = new Pipe(client, server, seen);
		this.pipes.add(pipe);
		Threads.start("tcp-proxy-down", () -> pipe.pump(server, client, this.bytesDown, false));
		pipe.pump(client, server, this.bytesUp, true);
	}

	/** Sees the bytes of every relayed connection; called on the relay's threads. */
	public interface Tap {

		/**
		 * A new connection (numbered from 1, from the client's port); what it returns sees
		 * its bytes, or null for none.
		 */
		Connection open(int id, int clientPort);

		/**
		 * One connection's bytes. Bytes up are shown before they are passed on, so that an
		 * answer is never seen before the request it answers.
		 */
		interface Connection {

			void up(byte[] bytes, int offset, int length);

			void down(byte[] bytes, int offset, int length);

			/** Called once, when either side went away. */
			void closed();

		}

	}

	@Override
	public void close() {
		this.closed = true;
		close(this.listener);
		this.pipes.forEach(Pipe::close);
	}

	private static void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	private final class Pipe {

		private final Socket client;

		private final Socket server;

		private final Tap.Connection seen;

		private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(
				true);

		Pipe(Socket client, Socket server, Tap.Connection seen) {
			this.client = client;
			this.server = server;
			this.seen = seen;
		}

		void pump(Socket from, Socket to, LongAdder counter, boolean up) {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					// counted as read, like the tap sees them: a write that blocks or fails on a closing
					// connection would otherwise leave the relay's count short of what the tap booked
					counter.add(read);
					if (this.seen != null) {
						if (up) {
							this.seen.up(buffer, 0, read);
						}
						else {
							this.seen.down(buffer, 0, read);
						}
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// cut, or one side went away
			}
			finally {
				close();
			}
		}

		/** An orderly close of both sides (FIN), as a server going away would do. */
		void close() {
			TcpProxy.this.pipes.remove(this);
			TcpProxy.close(this.client);
			TcpProxy.close(this.server);
			if (this.seen != null && this.open.compareAndSet(true, false)) {
				this.seen.closed();
			}
		}

		/** Both sides at once with a reset (RST): the peer vanishes without a goodbye. */
		void reset() {
			for (Socket socket : List.of(this.client, this.server)) {
				try {
					socket.setSoLinger(true, 0);
				}
				catch (IOException ex) {
					// already closed
				}
			}
			close();
		}

	}

}
