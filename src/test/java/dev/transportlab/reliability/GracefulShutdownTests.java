package dev.transportlab.reliability;

import dev.transportlab.tools.client.Threads;

import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RawHttp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.Transport;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the server says goodbye on every transport and leaves nothing hanging: SSE
 * streams (EventSource and fetch alike) get {@code event: shutdown} and end, WebSockets
 * close with 1001, a long poll that is waiting (on a feed with nothing new, so only the
 * shutdown can answer it) gets its answer, and the whole stop takes seconds, not the 10 s
 * shutdown-phase timeout.
 */
class GracefulShutdownTests {

	@Test
	void sseGetsANoticeWebSocketGets1001LongPollsAreAnsweredAndNothingHangs() throws Exception {
		ConfigurableApplicationContext context = LabServer.start(0, "lab.feed.rate=20");
		int port = LabServer.port(context);
		String base = "http://127.0.0.1:" + port;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		List<AutoCloseable> open = new ArrayList<>();
		try {
			FeedRegistry feeds = context.getBean(FeedRegistry.class);
			Feed quiet = feeds.createPublished("quiet");
			quiet.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}");

			List<CompletableFuture<List<String>>> sseStreams = new ArrayList<>();
			for (String path : List.of("/api/stream", "/api/feeds/quiet/stream")) {
				RawHttp sse = RawHttp.get(port, path, "Accept: text/event-stream", 0, 15_000);
				open.add(sse);
				assertThat(sse.status).isEqualTo(200);
				// a thread of its own: the common pool may have a single worker on a
				// 2-core machine
				CompletableFuture<List<String>> lines = new CompletableFuture<>();
				Threads.start(() -> lines.complete(readToEnd(sse)));
				sseStreams.add(lines);
			}
			// the fetch transport: the same stream after a POST, so the same notice
			FeedRecorder fetch = FeedRecorder.fetch(base + "/api/feeds/quiet/stream", null);
			open.add(fetch);
			List<FeedRecorder> sockets = new ArrayList<>();
			for (String feed : List.of("live", "quiet")) {
				FeedRecorder ws = FeedRecorder.webSocket("ws://127.0.0.1:" + port + "/ws/feeds/" + feed, null);
				open.add(ws);
				sockets.add(ws);
			}
			// waits for seq 2 of a feed that nobody appends to: only the shutdown answers
			// it
			CompletableFuture<HttpResponse<String>> longPoll = http.sendAsync(
					HttpRequest.newBuilder(URI.create(base + "/api/feeds/quiet/events?after=1&wait=30")).build(),
					HttpResponse.BodyHandlers.ofString());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> feeds.limiter().open(Transport.SSE) == 2 && feeds.limiter().open(Transport.WEBSOCKET) == 2
						&& feeds.limiter().open(Transport.LONG_POLLING) == 1
						&& feeds.limiter().open(Transport.FETCH) == 1);

			long start = System.nanoTime();
			// the server's stop is bounded below (5 s); what the clients then read
			// is given 10 s, so that a busy machine's slow client threads do not pass
			// for a hang
			context.close();
			long stopMillis = (System.nanoTime() - start) / 1_000_000;

			HttpResponse<String> answer = longPoll.get(10, TimeUnit.SECONDS);
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(JsonHttp.JSON.readTree(answer.body()).get("events").size()).isZero();
			for (CompletableFuture<List<String>> stream : sseStreams) {
				List<String> lines = stream.get(10, TimeUnit.SECONDS); // the stream ended
				assertThat(lines).contains("event: shutdown", "data: {\"type\":\"shutdown\"}")
					.as("ended cleanly, not by a read error")
					.noneMatch(line -> line.startsWith("! "));
			}
			await().atMost(Duration.ofSeconds(10)).until(fetch::ended);
			assertThat(fetch.lines()).contains("event: shutdown", "data: {\"type\":\"shutdown\"}");
			for (FeedRecorder ws : sockets) {
				assertThat(ws.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
				assertThat(ws.closeReason()).isEqualTo("server shutting down");
			}
			long allDoneMillis = (System.nanoTime() - start) / 1_000_000;
			System.out.printf("context.close() took %d ms; every client told within %d ms%n", stopMillis,
					allDoneMillis);
			assertThat(stopMillis).as("stop time, ms").isLessThan(5000);

			// and the server is really gone: a new request is refused at once, it does
			// not hang
			Throwable refused = catchThrowable(
					() -> http.send(HttpRequest.newBuilder(URI.create(base + "/api/feeds/live/events"))
						.timeout(Duration.ofSeconds(3))
						.build(), HttpResponse.BodyHandlers.ofString()));
			assertThat(refused).isInstanceOf(ConnectException.class);
		}
		finally {
			for (AutoCloseable closeable : open) {
				closeable.close();
			}
			context.close();
		}
	}

	private static List<String> readToEnd(RawHttp sse) {
		List<String> lines = Collections.synchronizedList(new ArrayList<>());
		try {
			String line;
			while ((line = RawHttp.readLine(sse.body)) != null) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			lines.add("! " + ex);
		}
		return lines;
	}

}
