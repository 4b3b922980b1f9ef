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
		OVERFLOW,
		/**
		 * The resume point could not be read (quoted in {@code requestedValue}): treated
		 * like a point from an unknown epoch.
		 */
		MALFORMED;

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
			.append(this.requested.isMalformed() ? "null" : Long.toString(this.requested.after()))
			.append(",\"requestedEpoch\":");
		if (this.requested.epoch() == null) {
			json.append("null");
		}
		else {
			json.append('"').append(this.requested.epoch()).append('"');
		}
		if (this.requested.isMalformed()) {
			json.append(",\"requestedValue\":");
			quote(ResumePoint.abbreviate(this.requested.unreadable()), json);
		}
		return json.append(",\"missed\":")
			.append(this.missed == null ? "null" : this.missed.toString())
			.append(",\"resumeAfter\":")
			.append(this.resumeAfter)
			.append('}')
			.toString();
	}

	/**
	 * A client's value as a JSON string, pure ASCII: anything outside printable ASCII is
	 * a \\u escape, so no byte of it can end an SSE line or a frame early.
	 */
	private static void quote(String value, StringBuilder json) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

}
