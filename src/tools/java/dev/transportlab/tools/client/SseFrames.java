package dev.transportlab.tools.client;

/**
 * The toolkit's one parser of text/event-stream, fed a line at a time (without its line
 * end), so that blocking readers and asynchronous clients share it: a blank line ends a
 * frame, {@code :} starts a comment (the heartbeat), one optional space follows the colon
 * of a field, and several {@code data:} lines join with a newline, as EventSource does.
 */
public final class SseFrames {

	/**
	 * One frame: {@code event} is null for EventSource's default "message", {@code data}
	 * null when the frame had none (a lone {@code retry:}), {@code retry} null when absent.
	 */
	public record Frame(String id, String event, String data, Long retry) {

		/** A feed event or a gap notice: what a dashboard shows. */
		public boolean isFeedItem() {
			return this.data != null && (this.event == null || "message".equals(this.event) || "gap".equals(this.event));
		}

	}

	private String id;

	private String event;

	private StringBuilder data;

	private Long retry;

	/** Takes one line; returns the frame it completes, or null. */
	public Frame line(String line) {
		if (line.isEmpty()) {
			Frame frame = (this.id != null || this.event != null || this.data != null || this.retry != null)
					? new Frame(this.id, this.event, (this.data != null) ? this.data.toString() : null, this.retry)
					: null;
			this.id = null;
			this.event = null;
			this.data = null;
			this.retry = null;
			return frame;
		}
		if (line.startsWith(":")) {
			return null;
		}
		int colon = line.indexOf(':');
		String field = (colon < 0) ? line : line.substring(0, colon);
		String value = (colon < 0) ? "" : line.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "id" -> this.id = value;
			case "event" -> this.event = value;
			case "data" -> this.data = (this.data == null) ? new StringBuilder(value) : this.data.append('\n').append(value);
			case "retry" -> this.retry = parseRetry(value);
			default -> {
				// unknown fields are ignored, as the standard says
			}
		}
		return null;
	}

	private static Long parseRetry(String value) {
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return null; // EventSource ignores a retry that is not a number
		}
	}

}
