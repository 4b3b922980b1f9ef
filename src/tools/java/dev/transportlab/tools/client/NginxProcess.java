package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in the foreground on a free loopback port, the toolkit's one nginx
 * launcher: it starts the process, waits until the port listens, reads the logs and stops
 * it. {@link #start(Path, int, int)} runs the project's docker/nginx/cluster.conf.template
 * in front of two app instances (only the three ports are filled in, as
 * docker/cluster-local.sh does and as the nginx image does for compose); {@link TlsFront}
 * runs the TLS profile through {@link #run}.
 */
public final class NginxProcess implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/sbin/nginx");

	public static final Path TEMPLATE = Path.of("docker/nginx/cluster.conf.template");

	public static final Path MAIN_CONFIG = Path.of("docker/nginx/nginx-local.conf");

	/** What the process printed (start-up errors), in its directory. */
	private static final String CONSOLE = "console.log";

	private final int port;

	private final Path dir;

	private final Path errorLog;

	private final Process process;

	private NginxProcess(int port, Path dir, Path errorLog, Process process) {
		this.port = port;
		this.dir = dir;
		this.errorLog = errorLog;
		this.process = process;
	}

	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/** nginx on a free port, round-robin over {@code 127.0.0.1:app1} and {@code app2}. */
	public static NginxProcess start(Path dir, int app1, int app2) throws IOException, InterruptedException {
		int port = LabServer.freePort();
		Files.createDirectories(dir.resolve("logs"));
		Files.createDirectories(dir.resolve("temp"));
		Files.copy(MAIN_CONFIG, dir.resolve("nginx.conf"), StandardCopyOption.REPLACE_EXISTING);
		String cluster = Files.readString(TEMPLATE)
			.replace("${LAB_APP1}", "127.0.0.1:" + app1)
			.replace("${LAB_APP2}", "127.0.0.1:" + app2)
			.replace("${LAB_PROXY_PORT}", "127.0.0.1:" + port);
		Files.writeString(dir.resolve("cluster.conf"), cluster, StandardCharsets.UTF_8);
		Path prefix = dir.toAbsolutePath();
		ProcessBuilder command = new ProcessBuilder(List.of(BINARY.toString(), "-p", prefix.toString(), "-c",
				prefix.resolve("nginx.conf").toString(), "-g", "daemon off;"));
		return run(command, port, dir, dir.resolve("logs").resolve("error.log"), Duration.ofSeconds(10));
	}

	/**
	 * Runs {@code command} (nginx with {@code daemon off;}, or a script that execs it) with
	 * its output in {@code dir}, and returns once {@code port} listens.
	 * @param errorLog where the configuration tells nginx to write its error log
	 */
	public static NginxProcess run(ProcessBuilder command, int port, Path dir, Path errorLog, Duration timeout)
			throws IOException, InterruptedException {
		Files.createDirectories(dir);
		Process process = command.redirectErrorStream(true).redirectOutput(dir.resolve(CONSOLE).toFile()).start();
		NginxProcess nginx = new NginxProcess(port, dir, errorLog, process);
		nginx.awaitListening(timeout);
		return nginx;
	}

	private void awaitListening(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"nginx exited with " + this.process.exitValue() + ": " + Files.readString(this.dir.resolve(CONSOLE)));
			}
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		close();
		throw new IllegalStateException("nginx did not listen on " + this.port + " within " + timeout + "; see " + this.dir);
	}

	public int port() {
		return this.port;
	}

	/** The master process; its workers are its children. */
	public long pid() {
		return this.process.pid();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public Path dir() {
		return this.dir;
	}

	/** nginx's error log (upstream timeouts are logged there), "" before the first line. */
	public String errorLog() {
		try {
			return Files.exists(this.errorLog) ? Files.readString(this.errorLog) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops nginx (SIGTERM to the master: a fast shutdown that closes every connection). */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
