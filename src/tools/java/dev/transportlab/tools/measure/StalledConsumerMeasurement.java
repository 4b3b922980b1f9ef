package dev.transportlab.tools.measure;

import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RawHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.FeedSettings;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.load.ProcStats;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A measurement, not a test: how much do stalled consumers cost healthy ones? It runs
 * the app in this JVM, follows one benchmark feed with healthy SSE and WebSocket clients,
 * and alternates phases without and with stalled consumers (SSE sockets never read with
 * a 4 kB receive buffer, WebSockets that request no frame), A B A B A B, so that drift in
 * machine load hits both sides. Delivery latency = receive time - the event's ts (same
 * clock). Prints p50/p99/max per phase and the p99 ratio. Run it as in
 * docs/reliability.md:
 * <pre>
 * mvn -Ptool verify -Dtool=measure.StalledConsumerMeasurement -Dtool.args="--rate 100 --markers 500"
 * mvn -Ptool verify -Dtool=measure.StalledConsumerMeasurement -Dtool.args=--help
 * </pre>
 */
@Command(name = "StalledConsumerMeasurement", mixinStandardHelpOptions = true,
		description = "How much do stalled consumers cost healthy ones? Alternating phases without (A) and with (B) stalled clients.")
public final class StalledConsumerMeasurement implements Callable<Integer> {

	@Option(names = "--rate", defaultValue = "100", description = "Feed rate, events/s (default: ${DEFAULT-VALUE}).")
	int rate;

	@Option(names = "--markers", defaultValue = "500",
			description = "Markers per event: the event size (default: ${DEFAULT-VALUE}).")
	int markers;

	@Option(names = "--stalled", defaultValue = "10",
			description = "Stalled clients per transport in the B phases (default: ${DEFAULT-VALUE}).")
	int stalledPerTransport;

	@Option(names = "--phase", defaultValue = "15", description = "Length of each phase, s (default: ${DEFAULT-VALUE}).")
	int phaseSeconds;

	@Option(names = "--rounds", defaultValue = "3", description = "A/B rounds (default: ${DEFAULT-VALUE}).")
	int rounds;

	@Option(names = "--settle", defaultValue = "2000",
			description = "Wait after opening the stalled clients, ms (default: ${DEFAULT-VALUE}).")
	long settleMillis;

	public static void main(String[] args) {
		System.exit(new CommandLine(new StalledConsumerMeasurement()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		int rate = this.rate;
		int markers = this.markers;
		int stalledPerTransport = this.stalledPerTransport;
		int phaseSeconds = this.phaseSeconds;
		int rounds = this.rounds;
		long settleMillis = this.settleMillis;

		ConfigurableApplicationContext context = LabServer.start(0, "logging.level.root=warn");
		int port = LabServer.port(context);
		FeedRegistry feeds = context.getBean(FeedRegistry.class);
		Feed feed = feeds.create(new FeedSettings(rate, markers));
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String ws = "ws://127.0.0.1:" + port + "/ws/feeds/" + feed.id();
		List<FeedRecorder> healthy = List.of(
				FeedRecorder.reconnectingSse("healthy-sse-1", port, "/api/feeds/" + feed.id() + "/stream", 100),
				FeedRecorder.reconnectingSse("healthy-sse-2", port, "/api/feeds/" + feed.id() + "/stream", 100),
				FeedRecorder.reconnectingWebSocket("healthy-websocket-1", ws, 100),
				FeedRecorder.reconnectingWebSocket("healthy-websocket-2", ws, 100));
		while (feed.head() == 0) {
			Thread.sleep(10);
		}
		int eventBytes = feed.read(null).events().get(0).utf8().length;
		System.out.printf("feed %s: %d events/s, %d markers (%d-byte events); 2 healthy SSE + 2 healthy WebSocket clients; "
				+ "%d stalled SSE + %d stalled WebSocket clients in the B phases; %d s phases%n", feed.id(), rate, markers,
				eventBytes, stalledPerTransport, stalledPerTransport, phaseSeconds);
		System.out.println("load before: " + ProcStats.loadAverage());
		Thread.sleep(10_000); // warm-up: JIT and connection set-up would otherwise land in the first phase

		List<long[]> baseline = new ArrayList<>();
		List<long[]> stalled = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			baseline.add(phase("A" + round + " without stalled clients", healthy, feed, phaseSeconds));
			List<AutoCloseable> stalledClients = openStalled(port, http, feed, ws, stalledPerTransport);
			Thread.sleep(settleMillis); // let their socket buffers fill and their writes block
			stalled.add(phase("B" + round + " with " + 2 * stalledPerTransport + " stalled clients", healthy, feed,
					phaseSeconds));
			for (AutoCloseable client : stalledClients) {
				client.close();
			}
			Thread.sleep(1000);
		}
		long[] a = merge(baseline);
		long[] b = merge(stalled);
		System.out.printf("ALL A: p50 %.2f ms, p99 %.2f ms (%d deliveries)%n", percentile(a, 50) / 1000.0,
				percentile(a, 99) / 1000.0, a.length);
		System.out.printf("ALL B: p50 %.2f ms, p99 %.2f ms (%d deliveries)%n", percentile(b, 50) / 1000.0,
				percentile(b, 99) / 1000.0, b.length);
		System.out.printf("p99 with stalled / without: %.2f%n", (double) percentile(b, 99) / percentile(a, 99));
		for (FeedRecorder client : healthy) {
			System.out.printf("  %s: %d connection(s)%n", client.name(), client.connections());
		}
		System.out.println("load after: " + ProcStats.loadAverage());
		healthy.forEach(FeedRecorder::close);
		context.close();
		return 0;
	}

	private static long[] phase(String name, List<FeedRecorder> healthy, Feed feed, int seconds)
			throws InterruptedException {
		for (FeedRecorder client : healthy) {
			client.items().clear(); // keep the heap small: the harness's own GC would show up in the p99
		}
		int[] from = new int[healthy.size()];
		long head = feed.head();
		Thread.sleep(seconds * 1000L);
		List<Long> latencies = new ArrayList<>();
		int gaps = 0;
		for (int i = 0; i < healthy.size(); i++) {
			List<FeedItem> items = healthy.get(i).snapshot();
			for (FeedItem item : items.subList(from[i], items.size())) {
				if (item.isGap()) {
					gaps++;
				}
				else {
					latencies.add(item.receivedMicros() - item.ts());
				}
			}
		}
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf("%-34s p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d deliveries, %d gaps, feed made %d events)  load %s%n",
				name, percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0,
				sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0, sorted.length, gaps, feed.head() - head,
				ProcStats.loadAverage());
		return sorted;
	}

	private static List<AutoCloseable> openStalled(int port, HttpClient http, Feed feed, String ws, int count)
			throws IOException, Exception {
		List<AutoCloseable> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RawHttp sse = RawHttp.get(port, "/api/feeds/" + feed.id() + "/stream", "Accept: text/event-stream", 4096, 0);
			clients.add(sse::abort);
			WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
				@Override
				public void onOpen(WebSocket webSocket) {
					// request nothing: the client stops reading
				}

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					return null;
				}
			}).get(10, TimeUnit.SECONDS);
			clients.add(socket::abort);
		}
		return clients;
	}

	private static long[] merge(List<long[]> phases) {
		return phases.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
	}

	private static long percentile(long[] latencies, double p) {
		Histogram histogram = new Histogram(3);
		for (long latency : latencies) {
			histogram.recordValue(Math.max(0, latency));
		}
		return histogram.getValueAtPercentile(p);
	}

}
