package dev.transportlab.tools.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.transportlab.tools.client.FeedClient;
import dev.transportlab.tools.client.FeedListener;
import dev.transportlab.tools.client.SseFrames;
import dev.transportlab.tools.client.StatusException;
import dev.transportlab.tools.client.TokenSource;

/**
 * One client of a private feed in {@link TokenRefreshCost}: what each token refresh cost
 * it. A refresh is the moment its {@link TokenSource} fetched a new token (after the
 * first); the time without data across it runs from the last event before to the first
 * event after, so it holds the stream's end, the token request, the reconnect and the
 * replay. Gaps between events without a refresh between them are kept apart, as the
 * baseline (the feed's own interval, a poll's interval). Also counts connections, the
 * server's expiry signals, 401 refusals, and seqs lost or received twice.
 */
final class RefreshProbe implements FeedListener {

	private final TokenSource tokens;

	private final List<Long> refreshGapsMicros = new ArrayList<>();

	private long lastSeq = -1;

	private long lastEventMicros = -1;

	private boolean refreshSinceLastEvent;

	private long longestOtherGapMicros;

	private long events;

	private long lost;

	private long duplicated;

	private long gapNotices;

	private long connections;

	private long expirySignals;

	private long refused;

	RefreshProbe(TokenSource tokens) {
		this.tokens = tokens;
	}

	/** The client's token source: marks a refresh whenever a new token (not the first) came. */
	Supplier<String> tokenSupplier() {
		return () -> {
			int before = this.tokens.issued();
			String token = this.tokens.get();
			if (before > 0 && this.tokens.issued() > before) {
				refreshed();
			}
			return token;
		};
	}

	synchronized void refreshed() {
		this.refreshSinceLastEvent = true;
	}

	@Override
	public synchronized void event(long seq, long ts, String raw, long receivedMicros) {
		this.events++;
		if (this.lastSeq >= 0) {
			if (seq <= this.lastSeq) {
				this.duplicated++;
				return;
			}
			this.lost += seq - this.lastSeq - 1;
		}
		if (this.lastEventMicros >= 0) {
			long gap = receivedMicros - this.lastEventMicros;
			if (this.refreshSinceLastEvent) {
				this.refreshGapsMicros.add(gap);
			}
			else {
				this.longestOtherGapMicros = Math.max(this.longestOtherGapMicros, gap);
			}
		}
		this.refreshSinceLastEvent = false;
		this.lastSeq = seq;
		this.lastEventMicros = receivedMicros;
	}

	@Override
	public synchronized void gap(long missed, long resumeAfter, String raw) {
		this.gapNotices++;
	}

	@Override
	public synchronized void opened(FeedClient client) {
		this.connections++;
	}

	@Override
	public synchronized void sseFrame(FeedClient client, SseFrames.Frame frame) {
		if ("auth-expired".equals(frame.event())) {
			this.expirySignals++;
		}
	}

	@Override
	public synchronized void webSocketClose(FeedClient client, int statusCode, String reason) {
		if (statusCode == 4001) {
			this.expirySignals++;
		}
	}

	@Override
	public synchronized void closed(FeedClient client, Throwable error) {
		countRefusal(error);
	}

	@Override
	public synchronized void failed(FeedClient client, Throwable error) {
		countRefusal(error);
	}

	private void countRefusal(Throwable error) {
		if (error instanceof StatusException status && status.status() == 401) {
			this.refused++;
		}
	}

	/** What this client saw, for the transport's row. */
	synchronized Seen seen() {
		return new Seen(this.tokens.issued() - 1, this.connections, this.expirySignals, this.refused, this.events,
				this.lost, this.duplicated, this.gapNotices, List.copyOf(this.refreshGapsMicros),
				this.longestOtherGapMicros);
	}

	/**
	 * @param refreshes new tokens after the first
	 * @param connections streams or sockets opened (polling: 1, its first answer)
	 * @param expirySignals {@code event: auth-expired} or close 4001 received
	 * @param refused requests answered 401 (a poll that outlived its token, a stale one)
	 * @param refreshGapsMicros time without data across each refresh
	 * @param longestOtherGapMicros the longest time between two events with no refresh between
	 */
	record Seen(long refreshes, long connections, long expirySignals, long refused, long events, long lost,
			long duplicated, long gapNotices, List<Long> refreshGapsMicros, long longestOtherGapMicros) {
	}

}
