package dev.transportlab.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.transportlab.tools.client.AsyncClients;
import dev.transportlab.tools.client.ClientOptions;
import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedListener;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.Token;
import dev.transportlab.tools.client.TokenSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.transportlab.auth.AuthTestSupport.assertContiguous;
import static dev.transportlab.auth.AuthTestSupport.assertProblem;
import static dev.transportlab.auth.AuthTestSupport.privateFeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each transport reads a private feed with its own way of carrying the token, with the
 * project's clients on real sockets; tokens live 2 s, so every run crosses expiries: the
 * stream ends (SSE and fetch auth-expired, WebSocket 4001, polls 401), the client takes a
 * fresh token and resumes with nothing lost or twice. The tokens never reach a log line:
 * the app's log at DEBUG for Spring's web and security packages, and Tomcat's access log.
 */
class PrivateFeedTransportsTests {

	private static ConfigurableApplicationContext app;

	private static String base;

	private static Path accessLogs;

	private static ListAppender<ILoggingEvent> log;

	/** Every token any client got, for the log check. */
	private static final Set<String> issued = ConcurrentHashMap.newKeySet();

	@BeforeAll
	static void start() throws Exception {
		accessLogs = Files.createTempDirectory("lab-access-");
		app = LabServer.start(0, "lab.auth.token-ttl=2s", "lab.limits.max-bench-feeds=20",
				"server.tomcat.accesslog.enabled=true", "server.tomcat.accesslog.directory=" + accessLogs,
				"server.tomcat.accesslog.buffered=false", "logging.level.org.springframework.security=DEBUG",
				"logging.level.org.springframework.web=DEBUG");
		base = "http://127.0.0.1:" + LabServer.port(app);
		log = new ListAppender<>();
		log.start();
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
	}

	@AfterAll
	static void stop() {
		if (log != null) {
			((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
		}
		if (app != null) {
			app.close();
		}
	}

	@Test
	void sseWithTheCookieAcrossExpiries() throws Exception {
		Run run = run("sse", Token.Carrier.COOKIE, (uri) -> uri.resolve("stream"),
				(client) -> AsyncClients.shared()::sse);
		assertThat(run.recorder().lines()).as("the stream's end at expiry").contains("event: auth-expired");
	}

	@Test
	void sseWithTheQueryParameterAcrossExpiries() throws Exception {
		Run run = run("sse", Token.Carrier.QUERY, (uri) -> uri.resolve("stream"),
				(client) -> AsyncClients.shared()::sse);
		assertThat(run.recorder().lines()).contains("event: auth-expired");
	}

	@Test
	void webSocketWithTheCookieAcrossExpiries() throws Exception {
		Run run = run("websocket", Token.Carrier.COOKIE, PrivateFeedTransportsTests::webSocketUri,
				(client) -> AsyncClients.shared()::webSocket);
		assertThat(run.recorder().endings()).contains("close 4001");
	}

	@Test
	void webSocketWithTheQueryParameterAcrossExpiries() throws Exception {
		Run run = run("websocket", Token.Carrier.QUERY, PrivateFeedTransportsTests::webSocketUri,
				(client) -> AsyncClients.shared()::webSocket);
		assertThat(run.recorder().endings()).contains("close 4001");
	}

	@Test
	void fetchWithTheHeaderAcrossExpiries() throws Exception {
		Run run = run("fetch", Token.Carrier.HEADER, (uri) -> uri.resolve("stream"),
				(client) -> AsyncClients.shared()::fetch, (recorder) -> expiryNotices(recorder.endings()).size() >= 2);
		// each expiry ended the POST's stream with the notice; the next POST carried a
		// fresh token and Last-Event-ID (run() checks nothing was lost or twice), and
		// was never refused: the old token was not sent again
		List<String> endings = run.recorder().endings();
		for (int k : expiryNotices(endings)) {
			assertThat(endings.get(k + 1)).as("the stream after the notice, in %s", endings).isEqualTo("end of stream");
			if (k + 2 < endings.size()) {
				assertThat(endings.get(k + 2)).as("the next POST, in %s", endings).doesNotStartWith("status ");
			}
		}
	}

	/** Where the streams ended with {@code event: auth-expired}, in {@code endings}. */
	private static List<Integer> expiryNotices(List<String> endings) {
		List<Integer> at = new ArrayList<>();
		for (int k = 0; k < endings.size(); k++) {
			if (endings.get(k).equals("event auth-expired")) {
				at.add(k);
			}
		}
		return at;
	}

	@Test
	void fetchIsRefusedWithoutATokenWithAnotherFeedsAndWithAnExpiredOne() throws Exception {
		String feed = privateFeed(base, 20, null);
		String other = privateFeed(base, 20, null);
		var issued = JsonHttp.parse(AuthTestSupport.issue(base, feed, null).body());
		String mine = issued.get("token").asString(); // lives 2 s: refused below
		Instant mineExpires = Instant.parse(issued.get("expiresAt").asString());
		String theirs = AuthTestSupport.token(base, other, null);
		String stream = base + "/api/feeds/" + feed + "/stream";

		// the project's fetch client: refused before the stream starts, no event
		assertThat(fetchOnce(stream, null).endings()).containsExactly("status 401");
		assertThat(fetchOnce(stream, theirs).endings()).containsExactly("status 403");

		// the problems, as a page's fetch sees them (the stream's request, with a body)
		HttpResponse<String> none = post(stream, null);
		assertProblem(none.statusCode(), contentType(none), none.body(), 401, "unauthorized");
		assertThat(detail(none)).contains("Feed '" + feed + "' is private")
			.contains("POST /api/feeds/" + feed + "/tokens")
			.contains("Authorization: Bearer");
		assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");

		HttpResponse<String> another = post(stream, theirs);
		assertProblem(another.statusCode(), contentType(another), another.body(), 403, "forbidden");
		assertThat(detail(another)).contains("another feed").contains("POST /api/feeds/" + feed + "/tokens");
		assertThat(another.body()).doesNotContain(theirs);

		// a client that kept its token past the expiry: told to get a new one
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(mineExpires));
		HttpResponse<String> expired = post(stream, mine);
		assertProblem(expired.statusCode(), contentType(expired), expired.body(), 401, "unauthorized");
		assertThat(detail(expired)).contains("expired").contains("get a new one");
		assertThat(expired.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
		assertThat(expired.body()).doesNotContain(mine);
	}

	@Test
	void longPollingWithTheHeaderAcrossExpiries() throws Exception {
		Run run = run("long-polling", Token.Carrier.HEADER, (uri) -> uri.resolve("events"), (client) -> (uri, options,
				listener) -> AsyncClients.shared().polling(uri, 5, Duration.ZERO, options, listener));
		// a token is taken anew once the last one expired, mostly before a request would
		// get
		// 401 (the 401 of a waiting poll: aWaitingLongPollAnswers401WhenItsTokenExpires)
		assertThat(run.tokens().issued()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void pollingWithTheHeaderAcrossExpiries() throws Exception {
		Run run = run("polling", Token.Carrier.HEADER, (uri) -> uri.resolve("events"), (client) -> (uri, options,
				listener) -> AsyncClients.shared().polling(uri, 0, Duration.ofMillis(200), options, listener));
		// a token is taken anew once the last one expired, mostly before a request would
		// get
		// 401 (the 401 of a waiting poll: aWaitingLongPollAnswers401WhenItsTokenExpires)
		assertThat(run.tokens().issued()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void aWaitingLongPollAnswers401WhenItsTokenExpires() throws Exception {
		String feed = privateFeed(base, 1, null); // one event a second: a poll waits most
													// of the time
		for (int attempt = 0; attempt < 3; attempt++) {
			String token = AuthTestSupport.token(base, feed, null);
			String next = null;
			while (true) {
				long start = System.nanoTime();
				var answer = AuthTestSupport.send("GET",
						base + "/api/feeds/" + feed + "/events?wait=10" + ((next != null) ? "&after=" + next : ""),
						null, token);
				if (answer.statusCode() == 200) {
					next = JsonHttp.parse(answer.body()).get("next").asString();
					continue;
				}
				assertThat(answer.statusCode()).isEqualTo(401);
				if (answer.body().contains("expired while the poll waited")) {
					// at the expiry (tokens live 2 s), not at the end of the 10 s wait
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
					return;
				}
				break; // it expired between two polls: the filter refused the next one;
						// again
			}
		}
		throw new AssertionError("no waiting long poll was answered 401 at its token's expiry in 3 tries");
	}

	@Test
	void noTokenReachesAnyLogLine() throws Exception {
		// query-string tokens on both transports that use them, then every line so far
		run("sse", Token.Carrier.QUERY, (uri) -> uri.resolve("stream"), (client) -> AsyncClients.shared()::sse);
		run("websocket", Token.Carrier.QUERY, PrivateFeedTransportsTests::webSocketUri,
				(client) -> AsyncClients.shared()::webSocket);
		List<String> lines;
		synchronized (log) {
			lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		}
		String accessLog;
		try (Stream<Path> files = Files.list(accessLogs)) {
			StringBuilder all = new StringBuilder();
			for (Path file : files.toList()) {
				all.append(Files.readString(file));
			}
			accessLog = all.toString();
		}
		assertThat(issued).isNotEmpty();
		// the requests with a token were logged, masked
		assertThat(accessLog).contains("access_token=REDACTED");
		assertThat(lines).anySatisfy(line -> assertThat(line).contains("access_token=REDACTED"));
		for (String token : issued) {
			String signature = token.substring(token.lastIndexOf('.') + 1);
			assertThat(accessLog).as("the access log").doesNotContain(signature);
			assertThat(lines).as("the app's log").noneSatisfy(line -> assertThat(line).contains(signature));
		}
	}

	/** One fetch stream with the project's client, no reconnect, until it ended. */
	private static FeedRecorder fetchOnce(String stream, String bearer) {
		ClientOptions options = ClientOptions.once()
			.withLastEventId("0")
			.withToken(Token.fixed(Token.Carrier.HEADER, bearer));
		FeedRecorder recorder = FeedRecorder.start("fetch",
				(listener) -> AsyncClients.shared().fetch(URI.create(stream), options, listener));
		try {
			await().atMost(Duration.ofSeconds(5)).until(recorder::ended);
			assertThat(recorder.snapshot()).as("events of a refused stream").isEmpty();
			return recorder;
		}
		finally {
			recorder.close();
		}
	}

	/**
	 * The fetch transport's request: POST {} with Last-Event-ID, the token as a header.
	 */
	private static HttpResponse<String> post(String stream, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.header("Last-Event-ID", "0");
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return JsonHttp.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("");
	}

	private static String detail(HttpResponse<String> problem) {
		return JsonHttp.parse(problem.body()).get("detail").asString();
	}

	private static URI webSocketUri(URI feed) {
		String path = feed.getPath(); // /api/feeds/ID/
		String id = path.substring("/api/feeds/".length(), path.length() - 1);
		return URI.create("ws://" + feed.getAuthority() + "/ws/feeds/" + id);
	}

	/**
	 * A reconnecting client of a new private feed (20 events/s) carrying its tokens as
	 * {@code carrier}, run until it took a third token (two expiries); its events must
	 * follow each other without a gap.
	 */
	private Run run(String name, Token.Carrier carrier, Function<URI, URI> endpoint,
			Function<String, ClientFactory> factory) throws Exception {
		return run(name, carrier, endpoint, factory, (recorder) -> true);
	}

	/** As above, run until {@code crossed} holds too. */
	private Run run(String name, Token.Carrier carrier, Function<URI, URI> endpoint,
			Function<String, ClientFactory> factory, Predicate<FeedRecorder> crossed) throws Exception {
		String feed = privateFeed(base, 20, null);
		TokenSource tokens = new TokenSource(base, feed, null);
		ClientOptions options = ClientOptions.defaults()
			.withRetry(Duration.ofMillis(100), 0)
			.withToken(new Token(carrier, () -> remember(tokens.get())));
		URI uri = endpoint.apply(URI.create(base + "/api/feeds/" + feed + "/"));
		FeedRecorder recorder = FeedRecorder.start(name, listener -> factory.apply(name).open(uri, options, listener));
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> tokens.issued() >= 3 && crossed.test(recorder));
			long last = recorder.lastEventSeq();
			await().atMost(Duration.ofSeconds(5)).until(() -> recorder.lastEventSeq() > last + 5);
		}
		finally {
			recorder.close();
		}
		List<FeedItem> items = new ArrayList<>(recorder.snapshot());
		assertContiguous(name + " with the token in " + carrier, items);
		assertThat(items.size()).as("events over two expiries; endings %s", recorder.endings()).isGreaterThan(20);
		return new Run(recorder, tokens);
	}

	private static String remember(String token) {
		issued.add(token);
		return token;
	}

	@FunctionalInterface
	interface ClientFactory {

		FeedClient open(URI uri, ClientOptions options, FeedListener listener);

	}

	record Run(FeedRecorder recorder, TokenSource tokens) {
	}

}
