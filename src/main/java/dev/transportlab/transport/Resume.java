package dev.transportlab.transport;

import dev.transportlab.feed.ResumePoint;
import dev.transportlab.problem.BadParameterException;

/** Reading a client's resume point from a request, the same way on every transport. */
public final class Resume {

	private Resume() {
	}

	/**
	 * {@code null} when the client gave no position (a new client: start from the latest
	 * event); otherwise its point, with the epoch from {@code epoch} or an {@code E:N}
	 * value.
	 */
	public static ResumePoint from(String parameter, String value, String epoch) {
		if (value == null) {
			return null;
		}
		try {
			return ResumePoint.parse(value, (epoch == null || epoch.isBlank()) ? null : epoch.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new BadParameterException(parameter, ex.getMessage());
		}
	}

}
