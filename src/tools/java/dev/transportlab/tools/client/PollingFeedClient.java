package dev.transportlab.tools.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.URLEncoder;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * A polling tab: short polling asks every {@code interval} on a fixed schedule from its
 * start, long polling ({@code wait} > 0) asks again as soon as an answer arrives. Each
 * request carries {@code after=next&epoch=E} from the previous answer, so nothing is lost
 * in between; after a failed request it waits the retry pause and asks again. An answer
 * that says {@code "more":true} (cut at the server's batch limit) is followed by the next
 * request at once, off the schedule.
 */
final class PollingFeedClient extends AbstractFeedClient {

	private static final int MAX_ANSWER = 16 * 1024 * 1024;

	private final HttpClient http;

	private final int waitSeconds;

	private final long periodNanos;

	/** A random id per page, as the pages send it: the server counts pollers by it. */
	private final String id;

	private long nextTick;

	/** The {@code after} of the next request: the previous answer's {@code next}. */
	private volatile String next;

	/** Set by {@link #disconnect()} between requests: the next answer is dropped unread. */
	private final AtomicBoolean loseNextAnswer = new AtomicBoolean();

	private boolean answered;

	private volatile Request current;

	PollingFeedClient(AsyncClients clients, int source, URI uri, int waitSeconds, Duration interval,
			ClientOptions options, FeedListener listener) {
		super(clients, uri, options, listener);
		this.http = clients.http(source);
		this.waitSeconds = waitSeconds;
		this.periodNanos = interval.toNanos();
		this.id = (options.id() != null) ? options.id() : UUID.randomUUID().toString().substring(0, 8);
		this.next = options.after();
	}

	@Override
	public String transport() {
		return this.waitSeconds > 0 ? "long-polling" : "polling";
	}

	@Override
	void connect() {
		this.answered = false;
		this.nextTick = System.nanoTime();
		poll(new Attempt());
	}

	private void poll(Attempt attempt) {
		String epoch = epoch();
		String next = this.next;
		String url = this.uri + "?client=" + this.id + ((next != null) ? "&after=" + next : "")
				+ ((next != null && epoch != null) ? "&epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8) : "")
				+ ((this.waitSeconds > 0) ? "&wait=" + this.waitSeconds : "");
		String token = token();
		Request request = this.http.newRequest(withToken(url, token))
			.headers(headers -> tokenHeaders(token, headers::put))
			.timeout(this.waitSeconds + 30L, TimeUnit.SECONDS);
		this.current = request;
		requested();
		request.send(new BufferingResponseListener(MAX_ANSWER) {
			@Override
			public void onHeaders(Response response) {
				super.onHeaders(response);
				PollingFeedClient.this.listener.response(PollingFeedClient.this, response.getStatus(),
						response.getHeaders());
			}

			@Override
			public void onComplete(Result result) {
				answered(attempt, result, result.isSucceeded() ? getContentAsString(StandardCharsets.UTF_8) : null);
			}
		});
	}

	private void answered(Attempt attempt, Result result, String body) {
		long now = EventText.nowMicros();
		Throwable failure = result.getFailure();
		if (failure == null && result.getResponse().getStatus() != 200) {
			failure = new StatusException(result.getResponse().getStatus());
		}
		if (failure == null && this.loseNextAnswer.getAndSet(false)) {
			// cut after the server answered, before the client read it: the answer is lost
			failure = new CancellationException("answer lost");
		}
		if (failure != null) {
			attempt.ended(failure); // reconnects (polls again) after the retry pause
			return;
		}
		if (!this.answered) {
			this.answered = true;
			attempt.opened();
		}
		boolean more = read(body, now);
		if (!this.running) {
			attempt.ended(null);
			return;
		}
		if (this.waitSeconds > 0 || more) {
			poll(attempt);
		}
		else {
			this.nextTick += this.periodNanos;
			long wait = TimeUnit.NANOSECONDS.toMillis(this.nextTick - System.nanoTime());
			this.clients.schedule(() -> {
				if (this.running) {
					poll(attempt);
				}
			}, wait);
		}
	}

	/**
	 * {@code {"feed":..,"epoch":..,"next":N,"more":true,"gap":{..},"events":[{..},{..}]}}
	 * @return whether the answer says more events wait
	 */
	private boolean read(String body, long now) {
		// the answer's own epoch and next come before its events: {"feed":..,"epoch":..,"next":..
		epoch(EventText.string(body, "\"epoch\":\"", 0));
		long next = EventText.number(body, "\"next\":", 0);
		if (next != EventText.MISSING) {
			this.next = Long.toString(next);
		}
		int events = body.indexOf("\"events\":[");
		// only the head, before the events, counts: an event's text is not the answer's
		int more = body.indexOf("\"more\":true");
		int gap = body.indexOf("\"gap\":{");
		if (gap >= 0 && (events < 0 || gap < events)) {
			dispatch(body.substring(gap + 6, objectEnd(body, gap + 6)), now);
		}
		int at = (events < 0) ? -1 : events + 10;
		while (at >= 0 && at < body.length() && body.charAt(at) == '{') {
			int end = objectEnd(body, at);
			dispatch(body.substring(at, end), now);
			at = (end < body.length() && body.charAt(end) == ',') ? end + 1 : -1;
		}
		return more >= 0 && (events < 0 || more < events);
	}

	/** Index after the JSON object starting at {@code start} (the feed's strings hold no braces). */
	private static int objectEnd(String text, int start) {
		int depth = 0;
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i + 1;
			}
		}
		return text.length();
	}

	/**
	 * Aborts the request in flight; between requests (short polling's pause), loses the
	 * next answer instead. Either way the events come again with the next request.
	 */
	@Override
	boolean abort() {
		Request request = this.current;
		if (this.running && (request == null || !request.abort(new CancellationException("cut by the client")).join())) {
			this.loseNextAnswer.set(true);
		}
		else if (request != null) {
			request.abort(new CancellationException("closed"));
		}
		return true;
	}

}
