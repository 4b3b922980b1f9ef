package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the app, so a test can break every connection the way a server
 * crash or a network failure would, without any hook in the application: the browser
 * talks to the proxy, {@link #cut(Duration)} closes all connections and refuses new ones
 * (accepts and closes them at once) for a while.
 */
public final class CuttingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile long refuseUntilNanos;

	private CuttingProxy(ServerSocket server, int targetPort) {
		this.server = server;
		this.targetPort = targetPort;
	}

	public static CuttingProxy start(int targetPort) {
		try {
			ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
			CuttingProxy proxy = new CuttingProxy(server, targetPort);
			Threads.start("cutting-proxy", proxy::acceptLoop);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Connections forwarded so far: it grows when the browser reconnects. */
	public int accepted() {
		return this.accepted.get();
	}

	/** Closes every open connection and refuses new ones for {@code refuseFor}. */
	public void cut(Duration refuseFor) {
		this.refuseUntilNanos = System.nanoTime() + refuseFor.toNanos();
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (System.nanoTime() < this.refuseUntilNanos) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				this.accepted.incrementAndGet();
				Threads.start(() -> pump(client, upstream));
				Threads.start(() -> pump(upstream, client));
			}
			catch (IOException ex) {
				// closed, or the app refused: keep serving until close()
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.sockets.forEach(CuttingProxy::closeQuietly);
	}

}
