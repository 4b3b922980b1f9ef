package dev.transportlab.feed;

/**
 * Where a client says it is: the last seq it has seen, and the epoch that seq belongs to
 * when it knows it ({@code null} means "this feed's current epoch"). A point that cannot
 * be read is kept as {@code unreadable} (the value as the client sent it): the feed
 * answers it with a {@code malformed} gap instead of refusing the client, because a
 * refusal makes EventSource give up for good and ids can be mangled by proxies or change
 * shape across upgrades.
 */
public record ResumePoint(String epoch, long after, String unreadable) {

	/** Longest epoch string accepted from a client; ours are far shorter. */
	public static final int MAX_EPOCH_LENGTH = 32;

	/** A seq is 1..19 ASCII digits (and must fit in a long). */
	private static final int MAX_SEQ_DIGITS = 19;

	public ResumePoint(String epoch, long after) {
		this(epoch, after, null);
	}

	public static ResumePoint after(long after) {
		return new ResumePoint(null, after);
	}

	/** A point that could not be read; {@code value} is what the client sent. */
	public static ResumePoint malformed(String value) {
		return new ResumePoint(null, -1, value);
	}

	public boolean isMalformed() {
		return this.unreadable != null;
	}

	/**
	 * Reads {@code N} or {@code EPOCH:N} (the form of our SSE ids), surrounding
	 * whitespace ignored; {@code epoch} is used when the text has no epoch of its own. N:
	 * 1..19 ASCII digits, at most {@link Long#MAX_VALUE}; EPOCH: 1..32 ASCII letters,
	 * digits or '-'. Anything else is a {@link #malformed} point quoting the value that
	 * was wrong.
	 */
	public static ResumePoint read(String text, String epoch) {
		String seqText = text.strip();
		int colon = seqText.lastIndexOf(':');
		String ownEpoch = null;
		if (colon >= 0) {
			ownEpoch = seqText.substring(0, colon);
			seqText = seqText.substring(colon + 1);
		}
		if ((colon >= 0 && !isEpoch(ownEpoch)) || !isSeq(seqText)) {
			return malformed(text);
		}
		long after;
		try {
			after = Long.parseLong(seqText);
		}
		catch (NumberFormatException ex) {
			return malformed(text); // 19 digits beyond Long.MAX_VALUE
		}
		if (colon >= 0) {
			return new ResumePoint(ownEpoch, after);
		}
		// the value itself is fine: quote the epoch parameter if that is what is wrong
		return (epoch == null || isEpoch(epoch)) ? new ResumePoint(epoch, after) : malformed(epoch);
	}

	/**
	 * Like {@link #read}, for a client that must speak our protocol (the WebSocket resume
	 * message): an unreadable point is an error.
	 * @throws IllegalArgumentException with a message fit for a client
	 */
	public static ResumePoint parse(String text, String epoch) {
		ResumePoint point = read(text, epoch);
		if (point.isMalformed()) {
			throw new IllegalArgumentException("must be a whole number >= 0 (optionally EPOCH:N, EPOCH 1.."
					+ MAX_EPOCH_LENGTH + " letters, digits or '-'), got '" + abbreviate(point.unreadable) + "'");
		}
		return point;
	}

	private static boolean isEpoch(String epoch) {
		return !epoch.isEmpty() && epoch.length() <= MAX_EPOCH_LENGTH
				&& epoch.chars().allMatch(c -> isAsciiLetterOrDigit(c) || c == '-');
	}

	private static boolean isSeq(String seq) {
		return !seq.isEmpty() && seq.length() <= MAX_SEQ_DIGITS && seq.chars().allMatch(c -> c >= '0' && c <= '9');
	}

	private static boolean isAsciiLetterOrDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/** At most 40 characters of a client's value, for messages and gap notices. */
	public static String abbreviate(String text) {
		if (text.length() <= 40) {
			return text;
		}
		// do not cut a surrogate pair in half
		int end = Character.isHighSurrogate(text.charAt(39)) ? 39 : 40;
		return text.substring(0, end) + "...";
	}

}
