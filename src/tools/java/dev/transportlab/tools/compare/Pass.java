package dev.transportlab.tools.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.TcpProxy;
import dev.transportlab.tools.load.CpuSampler;

/**
 * One pass of the matrix with one compression setting: the app (the packaged jar in its own
 * JVM, so that its CPU time is its own, or a running app with --base-url), the counting
 * relay the browser reaches it through, and the app's CPU clock.
 */
record Pass(AppProcess app, TcpProxy relay, WireMeter meter, CpuSampler cpu, URI browserUrl) implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static Pass open(ComparisonOptions options, String compression, Path out, PrintStream console)
			throws IOException, InterruptedException {
		AppProcess app;
		if (options.baseUrl() != null) {
			app = AppProcess.attach(options.baseUrl(), options.serverPid());
		}
		else {
			Path logs = Files.createDirectories(out.resolve("server"));
			app = AppProcess.start(options.jar(), options.serverJvmArgs(), appArgs(compression), logs, false, console);
		}
		try {
			WireMeter meter = null;
			TcpProxy relay = null;
			URI browserUrl = app.baseUrl();
			if (options.relay() && options.webdriverUrl() == null && loopback(app.baseUrl())) {
				meter = new WireMeter();
				relay = TcpProxy.start(port(app.baseUrl()), meter, Network.relayAddress(options));
				browserUrl = URI.create("http://127.0.0.1:" + relay.port());
				console.println("Relay: the browser uses " + browserUrl + ", which counts and forwards to "
						+ app.baseUrl());
			}
			else {
				console.println("No relay (--relay off, a remote browser or an app elsewhere): wire figures will be n/a");
			}
			// every 50 ms on a thread of this JVM, so that reading it costs the app nothing
			CpuSampler cpu = CpuSampler.of(app.pid());
			if (cpu != null) {
				cpu.start(Duration.ofMillis(50));
			}
			else {
				console.println("The app's /proc entry is not readable (no --server-pid?): server CPU will be n/a");
			}
			return new Pass(app, relay, meter, cpu, browserUrl);
		}
		catch (RuntimeException ex) {
			app.close();
			throw ex;
		}
	}

	/** The app's settings for one value of --compression. */
	static List<String> appArgs(String compression) {
		List<String> args = new ArrayList<>(List.of(
				// finished scenarios' benchmark feeds should vanish soon, so the matrix never hits the cap
				"--lab.limits.bench-feed-idle-timeout=5s", "--spring.main.banner-mode=off"));
		if (!compression.equals(ComparisonOptions.AS_CONFIGURED)) {
			args.add("--lab.http.compression=" + compression);
			args.add("--lab.websocket.compression=" + compression);
		}
		return args;
	}

	/** Polling answers without events so far, per transport (the app's /api/stats), empty if unreadable. */
	Map<String, Long> emptyAnswers() {
		Map<String, Long> empty = new LinkedHashMap<>();
		try {
			JsonNode stats = JSON.readTree(this.app.get("/api/stats"));
			for (String transport : ComparisonOptions.ALL_TRANSPORTS) {
				JsonNode figures = stats.get(transport);
				if (figures != null && figures.has("emptyResponses")) {
					empty.put(transport, figures.get("emptyResponses").asLong());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// n/a in the report
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return empty;
	}

	/** The app's CPU while nothing is connected (the page on about:blank), in ms per second; null if unknown. */
	Double idleCpuMsPerS(WebDriver driver) throws InterruptedException {
		if (this.cpu == null) {
			return null;
		}
		driver.get("about:blank");
		Thread.sleep(1000);
		long from = System.nanoTime();
		Thread.sleep(3000);
		long to = System.nanoTime();
		Thread.sleep(100); // a sample after the end
		return cpuNanos(from, to) / 1e6 / ((to - from) / 1e9);
	}

	/** The app's CPU nanoseconds between two moments (interpolated between samples); null if unknown. */
	Long cpuNanos(long fromNanos, long toNanos) {
		return this.cpu == null ? null : this.cpu.between(this.app.pid(), fromNanos, toNanos);
	}

	private static boolean loopback(URI url) {
		try {
			return InetAddress.getByName(url.getHost()).isLoopbackAddress();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int port(URI url) {
		return url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
	}

	@Override
	public void close() {
		if (this.cpu != null) {
			this.cpu.close();
		}
		if (this.relay != null) {
			this.relay.close();
		}
		this.app.close();
	}

}
