package dev.transportlab.jobs;

/**
 * A job as GET /api/jobs/{id} shows it: its state now, and where to follow it. The feed
 * URLs are the ordinary feed endpoints; {@code seq} is the feed's newest event, so a
 * client that read this state can follow on with {@code after=seq&epoch=epoch}.
 */
record JobView(long id, String state, int step, int steps, int percent, int stepMillis, Integer failAtStep,
		JobResult result, String error, String startedAt, String finishedAt, String expiresAt, String feed,
		String epoch, long seq, FeedUrls urls) {

	/** Polling and long polling, SSE, WebSocket: all for the same feed. */
	record FeedUrls(String events, String stream, String websocket) {
	}

}
