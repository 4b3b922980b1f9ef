package dev.transportlab.transport.polling;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import dev.transportlab.auth.TokenExpiredException;
import dev.transportlab.auth.TokenExpiry;
import dev.transportlab.bench.WireStats;
import dev.transportlab.feed.Batch;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.ResumePoint;
import dev.transportlab.feed.Transport;
import dev.transportlab.problem.BadParameterException;
import dev.transportlab.transport.Resume;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Short and long polling are one endpoint: {@code wait=0} answers at once, {@code wait=S}
 * holds the request (without a thread: a DeferredResult) until an event after
 * {@code after} exists or S seconds pass. An answer cut at {@code lab.limits.max-batch}
 * events says {@code "more":true}, so that a client asks again at once instead of falling
 * one batch further behind every interval. Answers are built once per point and shared
 * ({@link PollAnswers}).
 */
@RestController
class PollingController {

	static final int MAX_CLIENT_ID_LENGTH = 64;

	private final FeedRegistry feeds;

	private final WireStats stats;

	private final PollAnswers answers = new PollAnswers();

	PollingController(FeedRegistry feeds, WireStats stats) {
		this.feeds = feeds;
		this.stats = stats;
	}

	@GetMapping("/api/feeds/{id}/events")
	Object events(@PathVariable String id, @RequestParam(required = false) String after,
			@RequestParam(required = false) String epoch, @RequestParam(required = false) String wait,
			@RequestParam(required = false) String client, HttpServletRequest request) {
		Feed feed = this.feeds.get(id);
		ResumePoint from = Resume.from(after, epoch);
		int waitSeconds = parseWait(wait);
		if (client != null && client.length() > MAX_CLIENT_ID_LENGTH) {
			// the server keeps the id for presence counting: an unbounded one would let a
			// client fill the memory with long keys
			throw new BadParameterException("client", "must be at most " + MAX_CLIENT_ID_LENGTH
					+ " characters (a random id per page), got " + client.length());
		}
		Transport transport = waitSeconds > 0 ? Transport.LONG_POLLING : Transport.POLLING;
		feed.polled(transport, client != null ? client : request.getRemoteAddr());
		Batch batch = feed.read(from);
		if (!batch.isEmpty() || waitSeconds == 0) {
			return answer(feed, batch, transport);
		}
		feed.acquireWaitingPoll();
		// private feed: the wait ends when the token expires, with a 401 (a fresh token,
		// then the same point again)
		Principal principal = request.getUserPrincipal();
		long waitMillis = Math.min(waitSeconds * 1000L, TokenExpiry.millisLeft(principal));
		DeferredResult<Object> result = new DeferredResult<>(Math.max(1, waitMillis),
				() -> answerWaited(id, principal, feed, from, transport));
		result.onCompletion(feed::releaseWaitingPoll);
		feed.whenEventAfter(batch.next(), () -> {
			if (!result.isSetOrExpired()) {
				result.setResult(answerWaited(id, principal, feed, from, transport));
			}
		});
		return result;
	}

	/**
	 * The end of a held poll, whether an event came or the wait ran out: the 401 once the
	 * token has expired, else the events after the point. Decided at that moment: the
	 * container checks timeouts about once a second, so either end can come after the
	 * expiry, and no events may go out with an expired token.
	 */
	private Object answerWaited(String id, Principal principal, Feed feed, ResumePoint from, Transport transport) {
		if (TokenExpiry.millisLeft(principal) <= 0) {
			return new TokenExpiredException(id);
		}
		return answer(feed, feed.read(from), transport);
	}

	private int parseWait(String wait) {
		int maxWait = this.feeds.properties().polling().maxWaitSeconds();
		String rule = "must be a whole number 0.." + maxWait + " (0 = answer at once, 1.." + maxWait
				+ " = long polling, seconds), got '";
		if (wait == null) {
			return 0;
		}
		String digits = wait.strip();
		// ASCII digits only (parseInt alone would take "+5" and other scripts' digits)
		if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			String significant = digits.replaceFirst("^0+(?=.)", "");
			if (significant.length() <= 9 && Integer.parseInt(significant) <= maxWait) {
				return Integer.parseInt(significant);
			}
		}
		throw new BadParameterException("wait", rule + ResumePoint.abbreviate(wait) + "'");
	}

	private ResponseEntity<byte[]> answer(Feed feed, Batch batch, Transport transport) {
		byte[] bytes = this.answers.answer(feed.id(), batch);
		this.stats.answered(transport, batch.events().size(), batch.gap() != null, bytes.length);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(bytes);
	}

}
