package dev.transportlab.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.transportlab.tools.client.ServerCommand;

/**
 * A server to compare with, started from its files in src/tools/peers/NAME and fed by a
 * {@link Publisher}: {@code nchan} is Debian's nginx with the nchan pub/sub module (one
 * worker; its worker's CPU counts), {@code node} a minimal Node server with the npm
 * package {@code ws}, installed into target/peers/node at the first run.
 */
final class Peer implements Target {

	private static final Path SOURCES = Path.of("src", "tools", "peers");

	private final String name;

	private final Process process;

	private final int port;

	private final Long servingPid;

	private Publisher publisher;

	private Peer(String name, Process process, int port, Long servingPid) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.servingPid = servingPid;
	}

	static Peer start(String name, LoadOptions options, PrintStream console) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path dir = options.server.out().resolve("peers").resolve(name + "-" + port).toAbsolutePath();
		Files.createDirectories(dir);
		ProcessBuilder builder = switch (name) {
			case "nchan" -> nchan(dir, port, options);
			case "node" -> node(dir, port, options, console);
			default -> throw new IllegalArgumentException(name);
		};
		Path log = dir.resolve(name + ".log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		console.println("Starting peer " + name + ": " + String.join(" ", builder.command()) + "  (log: " + log + ")");
		Process process = builder.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!listening(port)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException("peer " + name + " did not start; see " + log + ":\n"
						+ (Files.exists(log) ? Files.readString(log) : ""));
			}
			Thread.sleep(200);
		}
		Long serving = process.pid();
		if (name.equals("nchan")) {
			// the master only manages: the one worker does the serving (it may fork a moment after the listen)
			List<Long> workers = ProcStats.children(process.pid());
			for (int i = 0; i < 50 && workers.isEmpty(); i++) {
				Thread.sleep(100);
				workers = ProcStats.children(process.pid());
			}
			if (workers.isEmpty()) {
				process.destroyForcibly();
				throw new IllegalStateException("nginx started no worker; see " + log);
			}
			serving = workers.get(0);
		}
		console.println("Peer " + name + " up at 127.0.0.1:" + port + " (serving pid " + serving + ")");
		return new Peer(name, process, port, serving);
	}

	/** nginx.conf with this run's port, directory and the deflate choice filled in. */
	private static ProcessBuilder nchan(Path dir, int port, LoadOptions options) throws IOException {
		String conf = Files.readString(SOURCES.resolve("nchan/nginx.conf"))
			.replace("__PORT__", Integer.toString(port))
			.replace("__DIR__", dir.toString())
			.replace("__DEFLATE__", options.webSocketDeflate() ? "on" : "off");
		Files.createDirectories(dir.resolve("tmp"));
		Path file = dir.resolve("nginx.conf");
		Files.writeString(file, conf);
		return new ProcessBuilder(ServerCommand.wrap(
				List.of("nginx", "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off;"), options.server.cpus()));
	}

	/** server.mjs run from target/peers/node, where npm installs ws once (never committed). */
	private static ProcessBuilder node(Path dir, int port, LoadOptions options, PrintStream console)
			throws IOException, InterruptedException {
		Path home = Path.of("target", "peers", "node").toAbsolutePath();
		Files.createDirectories(home);
		for (String file : List.of("server.mjs", "package.json")) {
			Files.copy(SOURCES.resolve("node").resolve(file), home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		if (!Files.isDirectory(home.resolve("node_modules/ws"))) {
			console.println("Installing the npm package ws into " + home);
			Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--omit=dev").directory(home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("npm.log").toFile())
				.start();
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				throw new IllegalStateException("npm install failed; see " + dir.resolve("npm.log"));
			}
		}
		ProcessBuilder builder = new ProcessBuilder(
				ServerCommand.wrap(List.of("node", home.resolve("server.mjs").toString()), options.server.cpus()));
		Map<String, String> env = builder.environment();
		env.put("PORT", Integer.toString(port));
		env.put("DEFLATE", options.webSocketDeflate() ? "on" : "off");
		return builder;
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean serves(String transport) {
		return serves(this.name, transport);
	}

	/** nchan and the Node peer push only: SSE and WebSocket, no polling endpoint. */
	static boolean serves(String peer, String transport) {
		return transport.equals("sse") || transport.equals("websocket");
	}

	@Override
	public String feed(int rate, int markers) {
		String channel = "bench" + System.nanoTime() % 100_000;
		URI publish = URI.create("http://127.0.0.1:" + this.port
				+ (this.name.equals("nchan") ? "/pub/" + channel : "/pub"));
		this.publisher = new Publisher(publish, rate, markers).start();
		return channel;
	}

	@Override
	public URI uri(String transport, String feed) {
		String path = this.name.equals("nchan") ? "/sub/" + feed : (transport.equals("sse") ? "/sse" : "/ws");
		return URI.create((transport.equals("websocket") ? "ws" : "http") + "://127.0.0.1:" + this.port + path);
	}

	@Override
	public Long pid() {
		return this.servingPid;
	}

	@Override
	public Publisher publisher() {
		return this.publisher;
	}

	@Override
	public void close() {
		if (this.publisher != null) {
			this.publisher.close();
		}
		this.process.destroy(); // SIGTERM: nginx and Node stop at once
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
