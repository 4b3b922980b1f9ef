package dev.transportlab.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.RawHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lab.http.compression on: polling answers and SSE streams are gzipped for a client that
 * accepts it, an SSE event arrives while its stream stays open (each event flushed
 * through the gzip stream), and small answers stay plain.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "lab.http.compression=true")
class HttpCompressionTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedRegistry feeds;

	@Test
	void gzipsAPollingAnswerWithEvents() throws Exception {
		Feed feed = withEvents("gzip-poll", 20);
		try (RawHttp answer = RawHttp.get(this.port, "/api/feeds/" + feed.id() + "/events?after=0",
				"Accept-Encoding: gzip", 0, 5000)) {
			assertThat(answer.status).isEqualTo(200);
			assertThat(answer.headers.get("content-encoding")).isEqualTo("gzip");
			String json = new String(new GZIPInputStream(answer.body).readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"seq\":20");
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void leavesASmallAnswerAndAClientWithoutGzipAlone() throws Exception {
		Feed feed = withEvents("gzip-small", 20);
		try {
			try (RawHttp empty = RawHttp.get(this.port, "/api/feeds/" + feed.id() + "/events?after=20",
					"Accept-Encoding: gzip", 0, 5000)) {
				assertThat(empty.headers).doesNotContainKey("content-encoding");
				assertThat(empty.bodyText()).contains("\"events\":[]");
			}
			try (RawHttp plain = RawHttp.get(this.port, "/api/feeds/" + feed.id() + "/events?after=0", null, 0, 5000)) {
				assertThat(plain.headers).doesNotContainKey("content-encoding");
				assertThat(plain.bodyText()).contains("\"seq\":20");
			}
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	@Test
	void flushesEachSseEventThroughTheGzipStream() throws Exception {
		Feed feed = withEvents("gzip-sse", 3);
		try (RawHttp stream = RawHttp.get(this.port, "/api/feeds/" + feed.id() + "/stream?after=0",
				"Accept-Encoding: gzip\r\nAccept: text/event-stream", 0, 5000)) {
			assertThat(stream.headers.get("content-encoding")).isEqualTo("gzip");
			// raw reads, no Reader: InputStreamReader keeps reading while the gzip stream
			// claims
			// available() > 0 and would block past an event. The stream stays open: each
			// event must
			// arrive without the response ending (read timeout 5 s).
			GZIPInputStream events = new GZIPInputStream(stream.body, 64);
			assertThat(readUntil(events, "\"seq\":3")).contains("id:");
			feed.append((seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + "}");
			assertThat(readUntil(events, "\"seq\":4")).as("an event appended after the stream opened arrives at once")
				.contains("data:");
		}
		finally {
			this.feeds.remove(feed.id());
		}
	}

	private static String readUntil(InputStream in, String marker) throws IOException {
		ByteArrayOutputStream seen = new ByteArrayOutputStream();
		byte[] buffer = new byte[1024];
		int read;
		while ((read = in.read(buffer)) != -1) {
			seen.write(buffer, 0, read);
			String text = seen.toString(StandardCharsets.UTF_8);
			if (text.contains(marker)) {
				return text;
			}
		}
		throw new IOException("stream ended before " + marker);
	}

	private Feed withEvents(String id, int events) {
		Feed feed = this.feeds.createPublished(id);
		for (int i = 0; i < events; i++) {
			feed.append(
					(seq, ts, epoch) -> "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"pad\":\"" + "x".repeat(40) + "\"}");
		}
		return feed;
	}

}
