package dev.transportlab.reliability;

import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.RawHttp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Property-based hostile input against one running server: query parameters of the
 * polling endpoint and the WebSocket handshake, raw query strings, Last-Event-ID values,
 * and WebSocket messages (random bytes, random text, huge text, deeply nested JSON,
 * resume messages with wrong types). An oracle ({@link ResumeRule}, and the rules for
 * {@code wait} and {@code client}) says for each input what the answer must be: 200 with
 * or without a gap of a given reason, or a 400 problem with a detail naming the
 * parameter; every refused message a 1003/1008/1009 close. Nothing may be logged at ERROR
 * for a client's mistake, and after every property two healthy clients must still have
 * every event of the live feed, on their first connection.
 */
class HostileInputTests {

	/** server.max-http-request-header-size: request line and headers, 8 kB. */
	private static final int TOMCAT_HEAD_LIMIT = 8192;

	private static ConfigurableApplicationContext context;

	private static int port;

	private static Feed live;

	private static ListAppender<ILoggingEvent> logged;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final List<FeedRecorder> healthy = new ArrayList<>();

	@BeforeContainer
	static void startServer() throws Exception {
		context = LabServer.start(0, "lab.feed.rate=20");
		port = LabServer.port(context);
		live = context.getBean(FeedRegistry.class).get(FeedRegistry.LIVE);
		logged = LabServer.captureWarnings();
		healthy.add(FeedRecorder.reconnectingSse("healthy-sse", port, "/api/feeds/live/stream", 200));
		healthy.add(FeedRecorder.reconnectingWebSocket("healthy-websocket", "ws://127.0.0.1:" + port + "/ws/feeds/live",
				200));
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (healthy.stream().anyMatch(c -> c.lastEventSeq() < 0) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	@AfterContainer
	static void stopServer() {
		healthy.forEach(FeedRecorder::close);
		LabServer.release(logged);
		context.close();
	}

	/**
	 * After each property: no ERROR logged, the feed still runs, healthy clients have
	 * every event.
	 */
	@AfterProperty
	void everyoneElseIsFine() throws InterruptedException {
		List<String> errors = LabServer.errors(logged);
		synchronized (logged) {
			logged.list.clear(); // each property answers for its own log lines
		}
		assertThat(errors).as("ERROR log events").isEmpty();
		long head = live.head();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while ((live.head() <= head || healthy.stream().anyMatch(c -> c.lastEventSeq() < head))
				&& System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(live.head()).as("the live feed advances").isGreaterThan(head);
		for (FeedRecorder client : healthy) {
			assertThat(client.lastEventSeq()).as("%s is up to date", client.name()).isGreaterThanOrEqualTo(head);
			assertThat(client.connections()).as("%s never lost its connection: %s", client.name(), client.endings())
				.isEqualTo(1);
			List<FeedItem> items = client.snapshot();
			assertThat(items).as(client.name()).noneMatch(FeedItem::isGap);
			for (int i = 1; i < items.size(); i++) {
				assertThat(items.get(i).seq()).as("%s in order", client.name()).isEqualTo(items.get(i - 1).seq() + 1);
			}
		}
	}

	// ---- HTTP ------------------------------------------------------------------------

	/**
	 * The rule, written out independently of the server: {@code wait} must be ASCII
	 * digits worth 0..30 and {@code client} at most 64 characters, else a 400 problem
	 * naming the parameter; {@code after} and {@code epoch} are never refused: a readable
	 * point resumes, an unreadable one gets a {@code malformed} gap quoting it.
	 */
	@Property(tries = 120)
	void pollingParametersFollowTheRule(@ForAll("maybeHostileInQuery") String after,
			@ForAll("maybeHostileInQuery") String epoch, @ForAll("maybeHostileInQuery") String wait,
			@ForAll("maybeHostileInQuery") String client) throws Exception {
		StringBuilder query = new StringBuilder();
		append(query, "after", after);
		append(query, "epoch", epoch);
		append(query, "wait", wait);
		append(query, "client", client);
		// the generators keep every value short enough for Tomcat's 8 kB head limit, so
		// the
		// application answers every request (oversizeQueryIsRefusedByTomcat: beyond it)
		assertThat(query.length()).as("query within Tomcat's head limit").isLessThan(TOMCAT_HEAD_LIMIT - 1000);
		Window before = Window.now();
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/feeds/live/events?" + query))
				.timeout(Duration.ofSeconds(40))
				.build(), HttpResponse.BodyHandlers.ofString());
		Window window = before.to(Window.now());
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (wait != null && !ResumeRule.validWait(sent(wait))) {
			assertProblem(response.statusCode(), contentType, response.body(), "'wait'", query);
			return;
		}
		if (client != null && sent(client).length() > 64) {
			assertProblem(response.statusCode(), contentType, response.body(), "'client'", query);
			return;
		}
		assertThat(response.statusCode()).as("?%s -> %s", query, response.body()).isEqualTo(200);
		JsonNode answer = JsonHttp.JSON.readTree(response.body());
		assertThat(answer.get("events").isArray()).isTrue();
		JsonNode events = answer.get("events");
		ResumeRule.check(ResumeRule.expect(sent(after), sent(epoch)), answer.get("gap"),
				events.isEmpty() ? null : events.get(0), window, query);
	}

	/**
	 * One request head over Tomcat's 8 kB limit: Tomcat refuses it with 400 before the
	 * application (so no problem document), and the server goes on.
	 */
	@Example
	void oversizeQueryIsRefusedByTomcat() throws Exception {
		String query = "after=" + "1".repeat(TOMCAT_HEAD_LIMIT + 100);
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/feeds/live/events?" + query))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse(""))
			.doesNotStartWith("application/problem+json");
	}

	@Property(tries = 60)
	void unknownOrStrangeFeedIdsGet4xx(@ForAll("hostile") String id) throws Exception {
		String path = "/api/feeds/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/events";
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (!contentType.startsWith("application/problem+json")) {
			// bytes Tomcat refuses in a path (an encoded '/' or '\', '..'), before the
			// app
			assertThat(response.statusCode()).as("%s -> %s (%s)", path, response.body(), contentType).isEqualTo(400);
			return;
		}
		JsonNode problem = JsonHttp.JSON.readTree(response.body());
		assertThat(problem.path("detail").asString("")).as("%s: a detail in %s", path, response.body()).isNotBlank();
		if (problem.path("detail").asString("").startsWith("The request path is refused")) {
			// Spring Security's firewall ('//', ';', an encoded '/' or '%', '.'
			// segments):
			// a 400 that says why, never a 500
			assertThat(response.statusCode()).as("%s -> %s", path, response.body()).isEqualTo(400);
			return;
		}
		assertThat(response.statusCode()).as("%s -> %s", path, response.body()).isEqualTo(404);
	}

	/**
	 * Bytes a browser would never send in a query string: Tomcat or the app refuses them
	 * with a 4xx.
	 */
	@Property(tries = 80)
	void rawQueryStringsGetAnAnswerOrA4xx(@ForAll("rawQuery") String rawQuery) throws Exception {
		try (RawHttp response = RawHttp.get(port, "/api/feeds/live/events?" + rawQuery, "Connection: close", 0,
				10_000)) {
			String contentType = response.headers.getOrDefault("content-type", "");
			String body = response.bodyText(); // the stream can be read once
			if (response.status == 200) {
				assertThat(contentType).as("?%s", rawQuery).startsWith("application/json");
				assertThat(JsonHttp.JSON.readTree(body).get("events").isArray()).isTrue();
				return;
			}
			// every refusal is a 400: the application's a problem with a detail, Tomcat's
			// own (bytes not allowed in a request line, bad %-escapes) before it
			assertThat(response.status).as("?%s -> %s", rawQuery, body).isEqualTo(400);
			if (contentType.startsWith("application/problem+json")) {
				assertThat(JsonHttp.JSON.readTree(body).path("detail").asString("")).as("?%s", rawQuery).isNotBlank();
			}
		}
	}

	/**
	 * Never a refusal on the SSE stream (a non-200 makes EventSource give up for good):
	 * 200, and a {@code malformed} gap first exactly when the rule says the value cannot
	 * be read. Only bytes that HTTP itself forbids in a header (control characters) are
	 * refused, by Tomcat, before the application sees the request.
	 */
	@Property(tries = 100)
	void lastEventIdResumesOrGetsAMalformedGap(@ForAll("headerValue") String lastEventId) throws Exception {
		byte[] bytes = lastEventId.getBytes(StandardCharsets.UTF_8);
		boolean forbidden = false;
		for (byte b : bytes) {
			forbidden |= (b >= 0 && b < 0x20 && b != '\t') || b == 0x7f;
		}
		// Tomcat refuses a request head over its limit before the app sees it; near the
		// limit the other headers decide, so only values clearly on one side are judged
		boolean tooLarge = bytes.length > TOMCAT_HEAD_LIMIT;
		Assume.that(tooLarge || bytes.length < TOMCAT_HEAD_LIMIT - 300);
		Window before = Window.now();
		try (RawHttp response = RawHttp.get(port, "/api/feeds/live/stream",
				"Accept: text/event-stream\r\nLast-Event-ID: " + lastEventId, 0, 5_000)) {
			if (tooLarge) {
				assertThat(response.status).as("Last-Event-ID of %d bytes", bytes.length).isEqualTo(400);
				return;
			}
			if (forbidden) {
				assertThat(response.status).as("Last-Event-ID: %s", lastEventId).isIn(200, 400);
				return;
			}
			assertThat(response.status).as("Last-Event-ID: %s", lastEventId).isEqualTo(200);
			// the server reads header bytes as ISO-8859-1, after trimming spaces and tabs
			String seen = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("^[ \t]+|[ \t]+$", "");
			String data = firstSseData(response);
			assertThat(data).as("Last-Event-ID: %s", lastEventId).startsWith("{");
			JsonNode first = JsonHttp.JSON.readTree(data);
			boolean gap = "gap".equals(first.path("type").asString(null));
			JsonNode event = gap ? JsonHttp.JSON.readTree(firstSseData(response)) : first;
			Window window = before.to(Window.now());
			ResumeRule.check(ResumeRule.expect(seen.isEmpty() ? null : seen, null), gap ? first : null, event, window,
					lastEventId);
		}
	}

	// ---- WebSocket -------------------------------------------------------------------

	/**
	 * The handshake never refuses a resume point: the socket opens, and its first frame
	 * is a {@code malformed} gap exactly when the rule says so.
	 */
	@Property(tries = 60)
	void handshakeParametersAlwaysOpenWithTheRightFirstFrame(@ForAll("maybeHostile") String after,
			@ForAll("maybeHostile") String epoch) throws Exception {
		StringBuilder query = new StringBuilder();
		append(query, "after", after);
		append(query, "epoch", epoch);
		// Tomcat answers a request line over its 8 kB header limit with 400 before the
		// app sees
		// it (3,000 CJK characters percent-encode to 27 kB): not the app refusing a
		// resume point
		Assume.that(query.length() < 7000);
		Window before = Window.now();
		Listener listener = new Listener();
		WebSocket socket = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/feeds/live?" + query), listener)
			.get(10, TimeUnit.SECONDS);
		try {
			String text = listener.first.get(10, TimeUnit.SECONDS);
			JsonNode first = JsonHttp.JSON.readTree(text);
			boolean gap = "gap".equals(first.path("type").asString(null));
			JsonNode event = gap ? JsonHttp.JSON.readTree(listener.second.get(10, TimeUnit.SECONDS)) : first;
			Window window = before.to(Window.now());
			ResumeRule.check(ResumeRule.expect(sent(after), sent(epoch)), gap ? first : null, event, window, query);
			assertThat(listener.closed.isDone()).as("?%s open", query).isFalse();
		}
		finally {
			socket.abort();
		}
	}

	@Property(tries = 100)
	void webSocketMessagesAreServedOrClosedWithTheFittingCode(@ForAll("message") Message message) throws Exception {
		Listener listener = new Listener();
		WebSocket socket = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/feeds/live"), listener)
			.get(10, TimeUnit.SECONDS);
		try {
			message.send(socket);
			if (message.expectedClose().isEmpty()) {
				// a valid resume: the socket stays open and frames keep coming (awaited:
				// at 20/s a frame is due every 50 ms, but a fixed 300 ms wait failed
				// whenever the machine stalled for longer)
				Thread.sleep(300);
				int frames = listener.frames;
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(listener.closed.isDone()).as("%s closed with %s", message, listener.closed.getNow(null))
						.isFalse();
					assertThat(listener.frames).as("%s: frames keep coming", message).isGreaterThan(frames);
				});
				assertThat(listener.closed.isDone()).as("%s closed with %s", message, listener.closed.getNow(null))
					.isFalse();
			}
			else {
				int code;
				try {
					code = listener.closed.get(10, TimeUnit.SECONDS);
				}
				catch (TimeoutException ex) {
					throw new AssertionError(message + ": no close within 10 s", ex);
				}
				assertThat(code).as("%s (reason: %s)", message, listener.reason).isIn(message.expectedClose());
			}
		}
		catch (ExecutionException | IOException ex) {
			// our send can fail when the server closed first (a huge message refused
			// midway)
			assertThat(listener.closed.get(10, TimeUnit.SECONDS)).as("%s after %s", message, ex.toString())
				.isIn(message.expectedClose());
		}
		finally {
			socket.abort();
		}
	}

	/**
	 * Text frames of random bytes, which no library client will send: invalid UTF-8 must
	 * close with 1007, valid UTF-8 that is not a resume message with 1008.
	 */
	@Property(tries = 40)
	void rawTextFramesOfRandomBytesCloseWith1007Or1008(@ForAll("payload") byte[] payload) throws Exception {
		boolean utf8 = isUtf8(payload);
		try (RawHttp upgrade = RawHttp.get(port, "/ws/feeds/live", "Upgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13", 0, 10_000)) {
			assertThat(upgrade.status).isEqualTo(101);
			upgrade.socket.getOutputStream().write(maskedTextFrame(payload));
			upgrade.socket.getOutputStream().flush();
			int code = readCloseCode(upgrade.body);
			assertThat(code).as("%d bytes, %s", payload.length, utf8 ? "valid UTF-8" : "invalid UTF-8")
				.isEqualTo(utf8 ? 1008 : 1007);
		}
	}

	// ---- generators ------------------------------------------------------------------

	@Provide
	Arbitrary<byte[]> payload() {
		return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000);
	}

	@Provide
	Arbitrary<String> hostile() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
				Arbitraries.strings().withChars("0123456789-+:.eExX ").ofMaxLength(25),
				Arbitraries.longs().map(String::valueOf),
				Arbitraries.of("", " ", "-1", "-0", "0", "+5", "9223372036854775807", "9223372036854775808",
						"-9223372036854775808", "99999999999999999999", "1e3", "0x10", "1.0", "NaN", "Infinity",
						"abc:5", ":5", "a:b:c", "5:", "null", "[]", "{}", "\u0000", "\uFF11\uFF12", "\u0663", "%00",
						"%zz", "../", "31", "30", "1", "x".repeat(33) + ":1"),
				Arbitraries.strings().all().ofMinLength(500).ofMaxLength(3000));
	}

	/** Absent (null) a quarter of the time. */
	@Provide
	Arbitrary<String> maybeHostile() {
		return hostile().injectNull(0.25);
	}

	/**
	 * Like {@link #maybeHostile}, with long values capped at 200 characters (at most 12
	 * bytes each once percent-encoded), so that four of them stay within Tomcat's 8 kB
	 * head limit and every request reaches the application; still past the 40 characters
	 * a gap quotes and the 64 a client name may have.
	 */
	@Provide
	Arbitrary<String> maybeHostileInQuery() {
		return Arbitraries
			.oneOf(hostile().filter(value -> value.length() <= 200),
					Arbitraries.strings().all().ofMinLength(41).ofMaxLength(200))
			.filter(value -> URLEncoder.encode(value, StandardCharsets.UTF_8).length() < 1700)
			.injectNull(0.25);
	}

	/**
	 * A raw query string: printable ASCII, percent signs in odd places, some bytes above
	 * 127.
	 */
	@Provide
	Arbitrary<String> rawQuery() {
		return Arbitraries.strings()
			.withCharRange('!', '~')
			.withChars('%', '%', '%', '=', '&', '\t', 'é', '\u00ff', '\u2603')
			.ofMaxLength(200);
	}

	/**
	 * Any header value a client could put on the wire: no CR or LF, anything else goes.
	 */
	@Provide
	Arbitrary<String> headerValue() {
		return hostile().map(value -> value.replace("\r", "").replace("\n", ""));
	}

	@Provide
	Arbitrary<Message> message() {
		return Arbitraries.oneOf(
				// random bytes as a binary frame: not our protocol (1003), or more than
				// the 1 kB allowed (1009)
				Arbitraries.bytes()
					.array(byte[].class)
					.ofMinSize(0)
					.ofMaxSize(3000)
					.map(bytes -> new Message("binary " + bytes.length + " bytes", null, bytes,
							bytes.length > 1024 ? Set.of(1003, 1009) : Set.of(1003))),
				Arbitraries.strings()
					.all()
					.ofMaxLength(300)
					.filter(HostileInputTests::wellFormed)
					.map(text -> text(text, "random text", Set.of(1008))),
				Arbitraries.integers()
					.between(8193, 60_000)
					.map(size -> text("{\"type\":\"resume\",\"after\":1,\"pad\":\"" + "x".repeat(size) + "\"}",
							"huge text of " + size + " chars", Set.of(1009))),
				Arbitraries.integers().between(50, 4000).map(HostileInputTests::deeplyNested), resume());
	}

	/**
	 * {"type":"resume","after":A,"epoch":E} with every kind of value; an oracle says if
	 * it is valid.
	 */
	private Arbitrary<Message> resume() {
		Arbitrary<Value> after = Arbitraries.oneOf(
				Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> new Value(Long.toString(n), true)),
				Arbitraries.longs().between(Long.MIN_VALUE, -1).map(n -> new Value(Long.toString(n), false)),
				Arbitraries.of(new Value("99999999999999999999", false), new Value("-99999999999999999999", false),
						new Value("1.5", false), new Value("1e3", false), new Value("1.0", false),
						new Value("\"5\"", false), new Value("true", false), new Value("null", false),
						new Value("[]", false), new Value("{}", false), new Value("[1]", false),
						new Value(null, false)));
		Arbitrary<Value> epoch = Arbitraries.oneOf(
				Arbitraries.strings()
					.alpha()
					.numeric()
					.withChars('-')
					.ofMinLength(1)
					.ofMaxLength(32)
					.map(e -> new Value('"' + e + '"', true)),
				Arbitraries.strings()
					.all()
					.ofMaxLength(40)
					.filter(HostileInputTests::wellFormed)
					.map(e -> new Value(JsonHttp.JSON.writeValueAsString(e), validEpoch(e))),
				Arbitraries.of(new Value(null, true), new Value("null", true), new Value("\"\"", false),
						new Value("5", false), new Value("true", false), new Value("[]", false), new Value("{}", false),
						new Value('"' + "e".repeat(33) + '"', false)));
		Arbitrary<Value> type = Arbitraries.of(new Value("\"resume\"", true), new Value("\"Resume\"", false),
				new Value("5", false), new Value("null", false), new Value(null, false));
		return Combinators.combine(type, after, epoch).as((t, a, e) -> {
			StringBuilder json = new StringBuilder("{");
			field(json, "type", t.json());
			field(json, "after", a.json());
			field(json, "epoch", e.json());
			json.append('}');
			boolean valid = t.valid() && a.valid() && e.valid();
			return text(json.toString(), "resume " + json, valid ? Set.of() : Set.of(1008));
		});
	}

	private static Message deeplyNested(int depth) {
		String kind = depth % 3 == 0 ? "arrays" : depth % 3 == 1 ? "objects" : "arrays inside a resume";
		StringBuilder json = new StringBuilder();
		int levels = kind.equals("objects") ? Math.min(depth, 1300) : depth;
		if (kind.startsWith("arrays inside")) {
			json.append("{\"type\":\"resume\",\"after\":");
		}
		for (int i = 0; i < levels; i++) {
			json.append(kind.equals("objects") ? "{\"a\":" : "[");
		}
		json.append('1');
		for (int i = 0; i < levels; i++) {
			json.append(kind.equals("objects") ? '}' : ']');
		}
		if (kind.startsWith("arrays inside")) {
			json.append('}');
		}
		// deeper than the 8 kB limit allows is refused as too big before it is parsed
		Set<Integer> expected = json.length() > 8192 ? Set.of(1009) : Set.of(1008);
		return text(json.toString(), levels + " levels of nested " + kind + " (" + json.length() + " chars)", expected);
	}

	private static boolean validEpoch(String epoch) {
		return !epoch.isEmpty() && epoch.length() <= 32 && epoch.chars()
			.allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-');
	}

	private static boolean wellFormed(String text) {
		return StandardCharsets.UTF_8.newEncoder().canEncode(text);
	}

	private static void field(StringBuilder json, String name, String value) {
		if (value != null) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(name).append("\":").append(value);
		}
	}

	private static Message text(String text, String description, Set<Integer> expectedClose) {
		return new Message(description, text, null, expectedClose);
	}

	/**
	 * A JSON value as text ({@code null}: the field is left out) and whether the server
	 * must accept it.
	 */
	record Value(String json, boolean valid) {
	}

	/**
	 * What to send, and the close codes that are right for it (none: it must be served).
	 */
	record Message(String description, String text, byte[] binary, Set<Integer> expectedClose) {

		void send(WebSocket socket) throws Exception {
			if (this.binary != null) {
				socket.sendBinary(ByteBuffer.wrap(this.binary), true).get(10, TimeUnit.SECONDS);
				return;
			}
			// big messages go in three fragments, as a browser may send them
			if (this.text.length() > 3000) {
				int third = this.text.length() / 3;
				socket.sendText(this.text.substring(0, third), false).get(10, TimeUnit.SECONDS);
				socket.sendText(this.text.substring(third, 2 * third), false).get(10, TimeUnit.SECONDS);
				socket.sendText(this.text.substring(2 * third), true).get(10, TimeUnit.SECONDS);
			}
			else {
				socket.sendText(this.text, true).get(10, TimeUnit.SECONDS);
			}
		}

		@Override
		public String toString() {
			return this.description.length() > 200 ? this.description.substring(0, 200) + "..." : this.description;
		}

	}

	// ---- helpers ---------------------------------------------------------------------

	private static void append(StringBuilder query, String name, String value) {
		if (value != null) {
			if (!query.isEmpty()) {
				query.append('&');
			}
			query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		}
	}

	/** A 400 problem document whose detail names the parameter (every 400 has one). */
	private static void assertProblem(int status, String contentType, String body, String parameter, Object input) {
		assertThat(status).as("%s -> %s", input, body).isEqualTo(400);
		assertThat(contentType).as("%s", input).startsWith("application/problem+json");
		JsonNode problem = JsonHttp.JSON.readTree(body);
		assertThat(problem.hasNonNull("detail")).as("%s: a detail in %s", input, body).isTrue();
		assertThat(problem.get("detail").asString()).as("%s", input).contains(parameter);
	}

	/**
	 * What the server receives for a value sent through URLEncoder: the same, except that
	 * a lone surrogate (not encodable as UTF-8) arrives as '?'.
	 */
	private static String sent(String value) {
		if (value == null) {
			return null;
		}
		return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\uFFFD', '?');
	}

	/**
	 * Which resume points are readable, stated as the docs state it (docs/protocol.md),
	 * not by calling the server's parser: absent or blank = a new client; otherwise,
	 * after stripping whitespace, {@code N} or {@code EPOCH:N}, N 1..19 ASCII digits up
	 * to Long.MAX_VALUE, EPOCH 1..32 ASCII letters, digits or '-'; an {@code epoch}
	 * parameter (same form) counts when the value has no epoch of its own. Anything else
	 * is a malformed point, answered with a gap that quotes the wrong value.
	 */
	static final class ResumeRule {

		private static final java.util.regex.Pattern POINT = java.util.regex.Pattern
			.compile("(?:([A-Za-z0-9-]{1,32}):)?([0-9]{1,19})");

		private static final java.util.regex.Pattern EPOCH = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,32}");

		/**
		 * {@code null}: a new client; {@code malformed} set: the quoted value; else the
		 * point as read ({@code after}) and its epoch.
		 */
		record Expected(String malformed, String epoch, String after) {
		}

		static Expected expect(String after, String epoch) {
			if (after == null || after.isBlank()) {
				return null;
			}
			java.util.regex.Matcher point = POINT.matcher(after.strip());
			if (!point.matches() || new java.math.BigInteger(point.group(2))
				.compareTo(java.math.BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
				return new Expected(after, null, null);
			}
			String seq = point.group(2);
			if (point.group(1) != null) {
				return new Expected(null, point.group(1), seq);
			}
			if (epoch == null || epoch.isBlank()) {
				return new Expected(null, null, seq);
			}
			return EPOCH.matcher(epoch.strip()).matches() ? new Expected(null, epoch.strip(), seq)
					: new Expected(epoch.strip(), null, null);
		}

		static boolean validWait(String wait) {
			String digits = wait.strip();
			return digits.matches("[0-9]+") && new java.math.BigInteger(digits)
				.compareTo(java.math.BigInteger.TEN.multiply(java.math.BigInteger.valueOf(3))) <= 0;
		}

		/**
		 * The first gap (or null) of an answer or stream, and the first event after it
		 * (or null), against what the rule says; {@code window} is the live feed's head
		 * and oldest before and after the request.
		 */
		static void check(Expected expected, JsonNode gap, JsonNode event, Window window, Object input) {
			if (expected == null) {
				assertThat(gap).as("%s: a new client gets no gap", input).isNull();
				// a new client starts at the latest event
				assertFirstEvent(event, window.headBefore() - 1, window.headAfter() - 1, input);
				return;
			}
			if (expected.malformed() != null) {
				assertThat(gap).as("%s: a gap", input).isNotNull();
				assertThat(gap.get("reason").asString()).as("%s", input).isEqualTo("malformed");
				// at most 40 characters and "...", never half a surrogate pair
				String value = expected.malformed();
				String quoted = value.length() <= 40 ? value
						: value.substring(0, Character.isHighSurrogate(value.charAt(39)) ? 39 : 40) + "...";
				assertThat(gap.get("requestedValue").asString()).as("%s", input).isEqualTo(quoted);
				assertThat(gap.get("requestedAfter").isNull()).as("%s: requestedAfter", input).isTrue();
				assertLostPlace(gap, event, window, input);
				return;
			}
			long after = Long.parseLong(expected.after());
			if (expected.epoch() != null && !expected.epoch().equals(live.epoch())) {
				assertThat(gap).as("%s: a gap", input).isNotNull();
				assertThat(gap.get("reason").asString()).as("%s: another epoch", input).isEqualTo("epoch");
				assertThat(gap.get("requestedEpoch").asString()).as("%s: requestedEpoch", input)
					.isEqualTo(expected.epoch());
				assertThat(gap.get("requestedAfter").asLong()).as("%s: requestedAfter", input).isEqualTo(after);
				assertLostPlace(gap, event, window, input);
				return;
			}
			String reason = gap == null ? "none" : gap.get("reason").asString();
			if (after > window.headAfter()) {
				// the head never reached the point while the request was served
				assertThat(reason).as("%s: a point ahead of head %d", input, window.headAfter()).isEqualTo("future");
				assertThat(gap.get("requestedAfter").asLong()).as("%s: requestedAfter", input).isEqualTo(after);
				assertThat(gap.get("resumeAfter").asLong()).as("%s: resumeAfter", input)
					.isBetween(window.headBefore(), window.headAfter());
				assertFirstEvent(event, gap.get("resumeAfter").asLong(), gap.get("resumeAfter").asLong(), input);
			}
			else if (after < window.oldestBefore() - 1) {
				assertThat(reason).as("%s: a point older than the window", input).isEqualTo("expired");
				assertThat(gap.get("missed").asLong()).as("%s: missed", input)
					.isEqualTo(gap.get("resumeAfter").asLong() - after);
				assertFirstEvent(event, gap.get("resumeAfter").asLong(), gap.get("resumeAfter").asLong(), input);
			}
			else if (after <= window.headBefore() && after >= window.oldestAfter() - 1) {
				assertThat(reason).as("%s: a point inside the window", input).isEqualTo("none");
				assertFirstEvent(event, after, after, input);
			}
			else {
				// the head or the window's end passed the point during the request
				assertThat(reason).as("%s: a point at the window's edge", input).isIn("none", "future", "expired");
			}
		}

		/**
		 * After an epoch or malformed gap the live feed goes on from its latest event.
		 */
		private static void assertLostPlace(JsonNode gap, JsonNode event, Window window, Object input) {
			assertThat(gap.get("epoch").asString()).as("%s: the feed's epoch", input).isEqualTo(live.epoch());
			long resumeAfter = gap.get("resumeAfter").asLong();
			assertThat(resumeAfter).as("%s: resumeAfter = the latest event - 1", input)
				.isBetween(window.headBefore() - 1, window.headAfter() - 1);
			assertFirstEvent(event, resumeAfter, resumeAfter, input);
		}

		/** The first event (when one came) is the one right after {@code low..high}. */
		private static void assertFirstEvent(JsonNode event, long low, long high, Object input) {
			if (event != null) {
				assertThat(event.get("seq").asLong()).as("%s: the first event", input).isBetween(low + 1, high + 1);
			}
		}

	}

	/** The live feed's head and oldest seq before and after a request. */
	record Window(long headBefore, long headAfter, long oldestBefore, long oldestAfter) {

		static Window now() {
			long head = live.head();
			long oldest = live.oldest();
			return new Window(head, head, oldest, oldest);
		}

		Window to(Window later) {
			return new Window(this.headBefore, later.headAfter, this.oldestBefore, later.oldestAfter);
		}

	}

	private static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			return false;
		}
	}

	/** RFC 6455 5.2: FIN + text, masked (clients must mask), 7- or 16-bit length. */
	private static byte[] maskedTextFrame(byte[] payload) {
		java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 8);
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xff);
		}
		byte[] mask = { 0x12, 0x34, 0x56, 0x78 };
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	/**
	 * Skips the server's frames (events) up to its close frame; its status code, or -1 if
	 * the connection just ended.
	 */
	private static int readCloseCode(java.io.InputStream in) throws IOException {
		java.io.DataInputStream data = new java.io.DataInputStream(in);
		try {
			while (true) {
				int opcode = data.readUnsignedByte() & 0x0f;
				int length = data.readUnsignedByte() & 0x7f;
				long size = length == 126 ? data.readUnsignedShort() : length == 127 ? data.readLong() : length;
				byte[] body = new byte[(int) size];
				data.readFully(body);
				if (opcode == 0x8) {
					return size >= 2 ? ((body[0] & 0xff) << 8) | (body[1] & 0xff) : 1005;
				}
			}
		}
		catch (java.io.EOFException ex) {
			return -1;
		}
	}

	/** The data of the first SSE event or gap on a stream. */
	private static String firstSseData(RawHttp response) throws IOException {
		try {
			String line;
			while ((line = RawHttp.readLine(response.body)) != null) {
				if (line.startsWith("data:")) {
					return line.substring(5).strip();
				}
			}
			return "(end of stream)";
		}
		catch (SocketTimeoutException ex) {
			return "(nothing within 5 s)";
		}
	}

	/**
	 * Counts frames and remembers the close code (-1: the connection broke without one).
	 */
	static final class Listener implements WebSocket.Listener {

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		final CompletableFuture<String> first = new CompletableFuture<>();

		final CompletableFuture<String> second = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		volatile String reason;

		volatile int frames;

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (!this.second.isDone()) {
				this.partial.append(data);
			}
			if (last) {
				if (!this.first.complete(this.partial.toString())) {
					this.second.complete(this.partial.toString());
				}
				this.partial.setLength(0);
				this.frames++;
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.reason = reason;
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.reason = error.toString();
			this.closed.complete(-1);
		}

	}

}
