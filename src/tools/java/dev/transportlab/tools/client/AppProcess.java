package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.json.JsonMapper;

/**
 * The app for a tool's run: either a separate JVM of the packaged jar that a tool starts
 * (honest numbers: its own heap, threads and CPU), or a running app at {@code --base-url}.
 * Everything about its inside is read from Actuator, as an operator would. Tests start the
 * app in their own JVM instead ({@link LabServer}), where they can stop and restart it.
 */
public final class AppProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI baseUrl;

	private final Long pid;

	private final Process process;

	private final HttpClient control = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private AppProcess(URI baseUrl, Long pid, Process process) {
		this.baseUrl = baseUrl;
		this.pid = pid;
		this.process = process;
	}

	public static AppProcess attach(URI baseUrl, Long pid) {
		return new AppProcess(baseUrl, pid, null);
	}

	/** Starts {@code java <jvmArgs> -jar <jar>} on a free port and waits until it is healthy. */
	public static AppProcess start(Path jar, String jvmArgs, Path out, boolean jfr, PrintStream console)
			throws IOException, InterruptedException {
		return start(jar, jvmArgs, List.of(), out, jfr, console);
	}

	/** As above, with application arguments ({@code --lab.x=y}) after the jar. */
	public static AppProcess start(Path jar, String jvmArgs, List<String> appArgs, Path out, boolean jfr,
			PrintStream console) throws IOException, InterruptedException {
		return start(jar, jvmArgs, appArgs, out, jfr, console, null);
	}

	/**
	 * As above, pinned to {@code cpus} ({@code taskset -c}; null or blank: unpinned), with
	 * the open-files limit raised ({@link ServerCommand}).
	 */
	public static AppProcess start(Path jar, String jvmArgs, List<String> appArgs, Path out, boolean jfr,
			PrintStream console, String cpus) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return start(jar, jvmArgs, appArgs, port, out, jfr, console, cpus);
	}

	/** As above, on a given port (a restart on the same address, as clients expect). */
	public static AppProcess start(Path jar, String jvmArgs, List<String> appArgs, int port, Path out, boolean jfr,
			PrintStream console, String cpus) throws IOException, InterruptedException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No jar at " + jar.toAbsolutePath()
					+ ": build it first (mvn -Pload verify does), or pass --jar or --base-url");
		}
		return launch(List.of("-jar", jar.toAbsolutePath().toString()), jvmArgs, appArgs, port, out, jfr, console,
				cpus);
	}

	/**
	 * The app from this JVM's class path in a JVM of its own: for tests that must kill an
	 * instance outright ({@link #kill()}), where the jar is not built yet.
	 */
	public static AppProcess startFromClassPath(String jvmArgs, List<String> appArgs, Path out, PrintStream console)
			throws IOException, InterruptedException {
		Files.createDirectories(out);
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return launch(List.of("-cp", System.getProperty("java.class.path"), "dev.transportlab.TransportLabApplication"),
				jvmArgs, appArgs, port, out, false, console, null);
	}

	private static AppProcess launch(List<String> launchArgs, String jvmArgs, List<String> appArgs, int port, Path out,
			boolean jfr, PrintStream console, String cpus) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(Arrays.stream(jvmArgs.split("\\s+")).filter(s -> !s.isBlank()).toList());
		if (jfr) {
			command.add("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().resolve("server-"
					+ Instant.now().getEpochSecond() + ".jfr") + ",settings=profile");
		}
		// GC pauses stall every client at once: keep a log to tell them apart from transport delays
		command.add("-Xlog:gc:file=" + out.toAbsolutePath().resolve("server-" + port + "-gc.log"));
		command.addAll(launchArgs);
		command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
		command.addAll(appArgs);
		Path log = out.resolve("server-" + port + ".log");
		console.println("Starting the server: " + String.join(" ", command)
				+ (cpus == null || cpus.isBlank() ? "" : "  (taskset -c " + cpus + ")") + "  (log: " + log + ")");
		Process process = new ProcessBuilder(ServerCommand.wrap(command, cpus)).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		AppProcess server = new AppProcess(URI.create("http://127.0.0.1:" + port), process.pid(), process);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The server exited with " + process.exitValue() + "; see " + log);
			}
			if (server.healthy()) {
				console.println("Server up at " + server.baseUrl + " (pid " + process.pid() + ")");
				return server;
			}
			Thread.sleep(500);
		}
		server.close();
		throw new IllegalStateException("The server did not become healthy in 120 s; see " + log);
	}

	public URI baseUrl() {
		return this.baseUrl;
	}

	public Long pid() {
		return this.pid;
	}

	public boolean owned() {
		return this.process != null;
	}

	private boolean healthy() {
		try {
			return get("/actuator/health").contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** A benchmark feed of its own, so that the live feed is untouched. */
	public String createFeed(int rate, int markers) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.baseUrl.resolve("/api/feeds"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":" + rate + ",\"markers\":" + markers + "}"))
			.timeout(Duration.ofSeconds(20))
			.build();
		HttpResponse<String> response = this.control.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("POST /api/feeds answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body()).get("id").asString();
	}

	public String get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.baseUrl.resolve(path)).timeout(Duration.ofSeconds(20)).build();
		HttpResponse<String> response = this.control.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + path + " answered " + response.statusCode());
		}
		return response.body();
	}

	/**
	 * The few server figures the report needs, from /actuator/metrics (one small request
	 * each: scraping the whole Prometheus page every second cost the server more), keyed
	 * by their Prometheus names.
	 */
	public Map<String, Double> metrics(String... transports) throws IOException, InterruptedException {
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("process_cpu_time_ns_total", "process.cpu.time");
		paths.put("process_uptime_seconds", "process.uptime");
		paths.put("system_cpu_usage", "system.cpu.usage");
		paths.put(HEAP_USED + "}", "jvm.memory.used?tag=area:heap");
		paths.put("jvm_threads_live_threads", "jvm.threads.live");
		paths.put("process_files_open_files", "process.files.open");
		paths.put("process_files_max_files", "process.files.max");
		for (String transport : transports) {
			paths.put("lab_transport_connections{transport=\"" + transport + "\"}",
					"lab.transport.connections?tag=transport:" + transport);
		}
		// all at once, each with a short timeout: a busy server must not stall the sampling
		Map<String, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
		paths.forEach((key, path) -> answers.put(key, this.control.sendAsync(
				HttpRequest.newBuilder(this.baseUrl.resolve("/actuator/metrics/" + path))
					.timeout(Duration.ofSeconds(3))
					.build(),
				HttpResponse.BodyHandlers.ofString())));
		Map<String, Double> metrics = new HashMap<>();
		for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> answer : answers.entrySet()) {
			try {
				HttpResponse<String> response = answer.getValue().get(5, TimeUnit.SECONDS);
				Double value = response.statusCode() == 200 ? value(response.body()) : null;
				if (value != null) {
					metrics.put(answer.getKey(), value);
				}
			}
			catch (ExecutionException | TimeoutException ex) {
				answer.getValue().cancel(true); // this figure is missing from this sample
			}
		}
		if (metrics.isEmpty()) {
			throw new IOException("no answer from " + this.baseUrl + "/actuator/metrics within 5 s");
		}
		return metrics;
	}

	/** The first measurement of an /actuator/metrics answer. */
	private static Double value(String body) {
		int at = body.indexOf("\"value\":");
		if (at < 0) {
			return null;
		}
		int end = at + 8;
		while (end < body.length() && "0123456789.-+eE".indexOf(body.charAt(end)) >= 0) {
			end++;
		}
		try {
			return Double.parseDouble(body.substring(at + 8, end));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Heap after a full GC (jcmd GC.run) and the resident set size, both in bytes; null
	 * values when the server's pid is unknown (a --base-url without --server-pid).
	 */
	public Memory memory() throws IOException, InterruptedException {
		if (this.pid == null) {
			return new Memory(null, null);
		}
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				this.pid.toString(), "GC.run")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
			jcmd.destroyForcibly();
		}
		Thread.sleep(300);
		Double heap = null;
		for (int attempt = 0; attempt < 10 && heap == null; attempt++) {
			try {
				heap = sum(metrics(), HEAP_USED);
			}
			catch (IOException ex) {
				Thread.sleep(1000); // a server busy catching up after the pause: ask again, a few times
			}
		}
		Long rss = null;
		Path status = Path.of("/proc", this.pid.toString(), "status");
		if (Files.isReadable(status)) {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		return new Memory(heap == null ? null : heap.longValue(), rss);
	}

	/** SIGKILL: no shutdown hook, no goodbye to clients, no lease released. */
	public void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		if (this.process == null) {
			return;
		}
		this.process.destroy(); // SIGTERM: graceful shutdown, and the JFR recording is written
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	public static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";

	/** The sum of every series whose key starts with {@code prefix} (e.g. all heap pools); null if none. */
	public static Double sum(Map<String, Double> metrics, String prefix) {
		Double total = null;
		for (Map.Entry<String, Double> metric : metrics.entrySet()) {
			if (metric.getKey().startsWith(prefix)) {
				total = (total == null ? 0 : total) + metric.getValue();
			}
		}
		return total;
	}

	public record Memory(Long heapBytes, Long rssBytes) {
	}

}
