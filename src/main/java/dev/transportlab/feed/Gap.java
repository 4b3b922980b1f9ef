package dev.transportlab.feed;

/**
 * What a client is told when its resume point is outside the replay window: why, how many
 * events it missed ({@code null} when unknowable, e.g. across a server restart), and
 * after which seq the stream goes on.
 */
public record Gap(Reason reason, String epoch, ResumePoint requested, Long missed, long resumeAfter) {

	public enum Reason {

		/** The requested events are older than the replay window keeps. */
		EXPIRED,
		/** The resume point belongs to another epoch: the history was lost (restart). */
		EPOCH,
		/** The resume point is ahead of the feed: nothing to wait for, go on from now. */
		FUTURE,
		/** The client fell so far behind that its events left the window while queued. */
		OVERFLOW;

		String key() {
			return name().toLowerCase();
		}

	}

	/** The same JSON on every transport (SSE data, WebSocket frame, polling field). */
	public String json() {
		StringBuilder json = new StringBuilder(160).append("{\"type\":\"gap\",\"reason\":\"")
			.append(this.reason.key())
			.append("\",\"epoch\":\"")
			.append(this.epoch)
			.append("\",\"requestedAfter\":")
			.append(this.requested.after())
			.append(",\"requestedEpoch\":");
		if (this.requested.epoch() == null) {
			json.append("null");
		}
		else {
			json.append('"').append(this.requested.epoch()).append('"');
		}
		return json.append(",\"missed\":")
			.append(this.missed == null ? "null" : this.missed.toString())
			.append(",\"resumeAfter\":")
			.append(this.resumeAfter)
			.append('}')
			.toString();
	}

}
