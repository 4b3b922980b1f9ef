package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server with the project's docker/redis/redis.conf on a free loopback
 * port, its data in a directory of the caller's: the same settings compose and
 * docker/cluster-local.sh use. It can be stopped with its data kept (a clean shutdown
 * writes the append-only file) or killed and started empty.
 */
public final class RedisProcess implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/bin/redis-server");

	public static final Path CONFIG = Path.of("docker/redis/redis.conf");

	private final int port;

	private final Path dir;

	private Process process;

	private RedisProcess(int port, Path dir) {
		this.port = port;
		this.dir = dir;
	}

	/** True when redis-server is installed; tests skip (loudly) only outside CI without it. */
	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	public static RedisProcess start(Path dir) throws IOException, InterruptedException {
		RedisProcess redis = new RedisProcess(LabServer.freePort(), dir);
		redis.start();
		return redis;
	}

	public int port() {
		return this.port;
	}

	public synchronized long pid() {
		return this.process.pid();
	}

	/** Starts it again on the same port, with whatever data its directory holds. */
	public synchronized void start() throws IOException, InterruptedException {
		Files.createDirectories(this.dir);
		this.process = new ProcessBuilder(List.of(BINARY.toString(), CONFIG.toAbsolutePath().toString(), "--port",
				Integer.toString(this.port), "--dir", this.dir.toAbsolutePath().toString(), "--daemonize", "no"))
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis.log").toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try {
				if (command("PING").contains("PONG")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("redis-server did not answer on port " + this.port + "; see "
				+ this.dir.resolve("redis.log"));
	}

	/** A clean shutdown: the append-only file is complete, a restart has all the data. */
	public synchronized void stopKeepingData() throws IOException, InterruptedException {
		try {
			command("SHUTDOWN");
		}
		catch (IOException ex) {
			// it closes the connection as it exits
		}
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/** Killed, and its files deleted: it will come back empty, as after a lost volume. */
	public synchronized void killLosingData() throws IOException, InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		try (var files = Files.walk(this.dir)) {
			for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				if (!file.equals(this.dir) && !file.getFileName().toString().equals("redis.log")) {
					Files.delete(file);
				}
			}
		}
	}

	/** One command in RESP (arguments without spaces); the raw answer. */
	public String command(String... args) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(2000);
			StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
			for (String arg : args) {
				request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			int read = in.read(buffer);
			return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.UTF_8);
		}
	}

	@Override
	public synchronized void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
