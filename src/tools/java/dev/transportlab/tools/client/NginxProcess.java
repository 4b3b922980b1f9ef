package dev.transportlab.tools.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx running the project's docker/nginx/cluster.conf.template in front of app
 * instances, on a free loopback port: only the three ports are filled in, as
 * docker/cluster-local.sh does and as the nginx image does for compose.
 */
public final class NginxProcess implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/sbin/nginx");

	public static final Path TEMPLATE = Path.of("docker/nginx/cluster.conf.template");

	public static final Path MAIN_CONFIG = Path.of("docker/nginx/nginx-local.conf");

	private final int port;

	private final Path dir;

	private final Process process;

	private NginxProcess(int port, Path dir, Process process) {
		this.port = port;
		this.dir = dir;
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
		Files.copy(MAIN_CONFIG, dir.resolve("nginx.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		String cluster = Files.readString(TEMPLATE)
			.replace("${LAB_APP1}", "127.0.0.1:" + app1)
			.replace("${LAB_APP2}", "127.0.0.1:" + app2)
			.replace("${LAB_PROXY_PORT}", "127.0.0.1:" + port);
		Files.writeString(dir.resolve("cluster.conf"), cluster, StandardCharsets.UTF_8);
		Path prefix = dir.toAbsolutePath();
		Process process = new ProcessBuilder(List.of(BINARY.toString(), "-p", prefix.toString(), "-c",
				prefix.resolve("nginx.conf").toString(), "-g", "daemon off;"))
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("nginx.out").toFile())
			.start();
		NginxProcess nginx = new NginxProcess(port, dir, process);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
						+ Files.readString(dir.resolve("nginx.out")));
			}
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				return nginx;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		nginx.close();
		throw new IllegalStateException("nginx did not listen on " + port + "; see " + dir);
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

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
