package dev.transportlab.tools.client;

import java.time.Clock;
import java.time.Instant;

/**
 * Reads the few numbers a client needs straight out of event text, without a JSON parser:
 * the feed writes {@code {"seq":N,"ts":T,"epoch":"E",...}} with a fixed shape, and parsing
 * 100,000 events a second with a full parser would measure the parser.
 */
public final class EventText {

	public static final long MISSING = Long.MIN_VALUE;

	private static final Clock CLOCK = Clock.systemUTC();

	private EventText() {
	}

	/** This host's clock in epoch microseconds, the unit of the events' {@code ts}. */
	public static long nowMicros() {
		Instant now = CLOCK.instant();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	/** The whole number after {@code "name":} at or after {@code from}, or MISSING. */
	public static long number(String text, String name, int from) {
		int at = text.indexOf(name, from);
		return at < 0 ? MISSING : digits(text, at + name.length());
	}

	public static long digits(String text, int at) {
		long value = 0;
		boolean any = false;
		while (at < text.length()) {
			char c = text.charAt(at++);
			if (c < '0' || c > '9') {
				break;
			}
			value = value * 10 + (c - '0');
			any = true;
		}
		return any ? value : MISSING;
	}

	/** The string value after {@code "name":"}, or null. */
	public static String string(String text, String name, int from) {
		int at = text.indexOf(name, from);
		if (at < 0) {
			return null;
		}
		int start = at + name.length();
		int end = text.indexOf('"', start);
		return end < 0 ? null : text.substring(start, end);
	}

	public static boolean isGap(String text) {
		return text.startsWith("{\"type\":\"gap\"");
	}

}
