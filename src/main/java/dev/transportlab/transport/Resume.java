package dev.transportlab.transport;

import dev.transportlab.feed.ResumePoint;

/** Reading a client's resume point from a request, the same way on every transport. */
public final class Resume {

	private Resume() {
	}

	/**
	 * {@code null} when the client gave no position (absent or blank: a new client, start
	 * from the latest event); otherwise its point, with the epoch from {@code epoch} or
	 * an {@code E:N} value. Never refuses: an unreadable value is a malformed point,
	 * which the feed answers with a {@code malformed} gap.
	 */
	public static ResumePoint from(String value, String epoch) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return ResumePoint.read(value, (epoch == null || epoch.isBlank()) ? null : epoch.strip());
	}

}
