package dev.transportlab.tools.load;

/**
 * Reads the few numbers a load client needs straight out of event text, without a JSON
 * parser: the server writes {@code {"seq":N,"ts":T,...}} with a fixed shape, and parsing
 * 100,000 events a second with a full parser would measure the parser.
 */
final class Json {

	static final long MISSING = Long.MIN_VALUE;

	private Json() {
	}

	/** The whole number after {@code "name":} at or after {@code from}, or MISSING. */
	static long number(CharSequence text, String name, int from) {
		int at = indexOf(text, name, from);
		return at < 0 ? MISSING : digits(text, at + name.length());
	}

	static long digits(CharSequence text, int at) {
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

	static int indexOf(CharSequence text, String needle, int from) {
		if (text instanceof String string) {
			return string.indexOf(needle, from);
		}
		int last = text.length() - needle.length();
		outer: for (int i = Math.max(0, from); i <= last; i++) {
			for (int j = 0; j < needle.length(); j++) {
				if (text.charAt(i + j) != needle.charAt(j)) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static boolean startsWith(CharSequence text, String prefix) {
		if (text.length() < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (text.charAt(i) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** The string value after {@code "name":"}, or null. */
	static String string(CharSequence text, String name, int from) {
		int at = indexOf(text, name, from);
		if (at < 0) {
			return null;
		}
		int start = at + name.length();
		int end = start;
		while (end < text.length() && text.charAt(end) != '"') {
			end++;
		}
		return text.subSequence(start, end).toString();
	}

	/** An event {@code {"seq":..,"ts":..}} or a gap notice {@code {"type":"gap",..}}, into a client. */
	static void dispatch(CharSequence text, Delivery.Client client, long nowMicros) {
		if (startsWith(text, "{\"type\":\"gap\"")) {
			long missed = number(text, "\"missed\":", 0);
			client.gap(missed == MISSING ? 1 : missed, number(text, "\"resumeAfter\":", 0));
			return;
		}
		long seq = number(text, "{\"seq\":", 0);
		long ts = number(text, "\"ts\":", 0);
		if (seq != MISSING && ts != MISSING) {
			if (client.epoch() == null) {
				client.epoch(string(text, "\"epoch\":\"", 0));
			}
			client.event(seq, ts, nowMicros);
		}
	}

}
