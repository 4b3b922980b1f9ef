package dev.transportlab.feed;

/**
 * Where a client says it is: the last seq it has seen, and the epoch that seq belongs to
 * when it knows it ({@code null} means "this feed's current epoch").
 */
public record ResumePoint(String epoch, long after) {

	/** Longest epoch string accepted from a client; ours are far shorter. */
	private static final int MAX_EPOCH_LENGTH = 32;

	public static ResumePoint after(long after) {
		return new ResumePoint(null, after);
	}

	/**
	 * Parses {@code N} or {@code EPOCH:N} (the form of our SSE ids).
	 * @throws IllegalArgumentException with a message fit for a client
	 */
	public static ResumePoint parse(String text, String epoch) {
		String seqText = text.strip();
		int colon = seqText.lastIndexOf(':');
		if (colon >= 0) {
			epoch = seqText.substring(0, colon);
			seqText = seqText.substring(colon + 1);
		}
		if (epoch != null && (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH
				|| !epoch.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'))) {
			throw new IllegalArgumentException("epoch must be 1.." + MAX_EPOCH_LENGTH + " letters, digits or '-', got '"
					+ abbreviate(epoch) + "'");
		}
		long after;
		try {
			after = Long.parseLong(seqText);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"must be a whole number >= 0 (optionally EPOCH:N), got '" + abbreviate(text) + "'");
		}
		if (after < 0) {
			throw new IllegalArgumentException("must be >= 0, got " + after);
		}
		return new ResumePoint(epoch, after);
	}

	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

}
