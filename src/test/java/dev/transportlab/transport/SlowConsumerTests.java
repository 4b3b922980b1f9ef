package dev.transportlab.transport;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that stop reading (an SSE socket never read, a WebSocket that asks for no more
 * frames) must not slow the feed or a healthy client: its latency is measured before and
 * while they stall.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SlowConsumerTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void stalledClientsDoNotDelayAHealthyOne() throws Exception {
		HttpResponse<String> created = JsonHttp.HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/feeds"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"rate\":200,\"markers\":500}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		String feed = JsonHttp.JSON.readTree(created.body()).get("id").asString();
		String ws = "ws://127.0.0.1:" + this.port + "/ws/feeds/" + feed;
		List<Socket> stalled = new ArrayList<>();
		try (FeedRecorder healthy = FeedRecorder.webSocket(ws, null)) {
			Thread.sleep(1000); // warm up
			healthy.items().clear();
			long[] baseline = latenciesMicros(healthy, 3000);

			long headBefore = this.feeds.get(feed).head();
			long start = System.nanoTime();
			for (int i = 0; i < 4; i++) {
				stalled.add(stalledSseClient(feed));
			}
			WebSocket stalledWs = JsonHttp.HTTP.newWebSocketBuilder()
				.buildAsync(URI.create(ws), new WebSocket.Listener() {
					@Override
					public void onOpen(WebSocket webSocket) {
						// never request a frame: the client stops reading
					}

					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						return null;
					}
				})
				.join();
			Thread.sleep(1500); // let their socket buffers fill up
			healthy.items().clear();
			long[] withStalled = latenciesMicros(healthy, 3000);
			long produced = this.feeds.get(feed).head() - headBefore;
			double seconds = (System.nanoTime() - start) / 1e9;

			System.out.printf("healthy client latency without stalled clients: p50 %.2f ms, p99 %.2f ms (%d events)%n",
					percentile(baseline, 50) / 1000.0, percentile(baseline, 99) / 1000.0, baseline.length);
			System.out.printf("healthy client latency with 5 stalled clients:   p50 %.2f ms, p99 %.2f ms (%d events)%n",
					percentile(withStalled, 50) / 1000.0, percentile(withStalled, 99) / 1000.0, withStalled.length);
			assertThat(produced).as("events produced in %.1f s at 200/s", seconds)
				.isGreaterThan((long) (seconds * 200 * 0.9));
			assertThat(withStalled.length).isGreaterThan(500);
			// A stalled client that held up the others would add seconds (write
			// timeouts), not
			// milliseconds; the bounds leave room for a busy 2-core CI machine.
			assertThat(percentile(withStalled, 50)).isLessThan(percentile(baseline, 50) + 10_000);
			assertThat(percentile(withStalled, 99)).isLessThan(percentile(baseline, 99) + 100_000);
			stalledWs.abort();
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
			this.feeds.remove(feed);
		}
	}

	private Socket stalledSseClient(String feed) throws Exception {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port));
		OutputStream out = socket.getOutputStream();
		out.write(
				("GET /api/feeds/" + feed + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket; // and never read from it
	}

	private static long[] latenciesMicros(FeedRecorder client, long millis) throws InterruptedException {
		Thread.sleep(millis);
		List<FeedItem> items = new ArrayList<>();
		client.items().drainTo(items);
		return items.stream().filter(i -> !i.isGap()).mapToLong(i -> i.receivedMicros() - i.ts()).sorted().toArray();
	}

	private static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Long.MAX_VALUE;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
	}

}
