package dev.transportlab.tools.compare;

import java.util.Locale;

import dev.transportlab.tools.client.TcpProxy;

/**
 * The relay's own check of its books: every byte the relay forwarded must be booked to some
 * HTTP message by {@link WireMeter}, and none may have been unreadable as HTTP (those go to
 * "other", which would quietly shrink the scenario's figures). {@link #take} notes both
 * counters at a moment when no byte is crossing; {@link #problem} compares two such notes.
 */
record WireCheck(long relayUp, long relayDown, long bookedUp, long bookedDown, int parseErrors, boolean quiet) {

	/** The counters at a quiet moment (up to a second of waiting; quiet=false if traffic never paused). */
	static WireCheck take(TcpProxy relay, WireMeter meter) {
		WireCheck check = read(relay, meter);
		for (int i = 0; i < 20; i++) {
			sleep(50);
			WireCheck again = read(relay, meter);
			if (again.equals(check)) {
				return check;
			}
			check = again;
		}
		return new WireCheck(check.relayUp, check.relayDown, check.bookedUp, check.bookedDown, check.parseErrors,
				false);
	}

	private static WireCheck read(TcpProxy relay, WireMeter meter) {
		long bookedUp = 0;
		long bookedDown = 0;
		for (WireMeter.Totals t : meter.all().values()) {
			bookedUp += t.bytesUp();
			bookedDown += t.bytesDown();
		}
		return new WireCheck(relay.bytesUp(), relay.bytesDown(), bookedUp, bookedDown, meter.errors(), true);
	}

	/** What went wrong between {@code before} and {@code after}, or null when the books balance. */
	static String problem(WireCheck before, WireCheck after) {
		int errors = after.parseErrors - before.parseErrors;
		long relayed = (after.relayUp - before.relayUp) + (after.relayDown - before.relayDown);
		long booked = (after.bookedUp - before.bookedUp) + (after.bookedDown - before.bookedDown);
		StringBuilder problem = new StringBuilder();
		if (errors > 0) {
			problem.append(errors).append(errors == 1 ? " connection" : " connections")
				.append(" not readable as HTTP (booked as other)");
		}
		if (relayed != booked) {
			if (!before.quiet || !after.quiet) {
				return problem.isEmpty() ? null : problem.toString(); // traffic never paused: no fair comparison
			}
			problem.append(problem.isEmpty() ? "" : "; ")
				.append(String.format(Locale.ROOT, "relay forwarded %,d B, the meter booked %,d B", relayed, booked));
		}
		return problem.isEmpty() ? null : problem.toString();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
