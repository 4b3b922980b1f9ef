package dev.transportlab.tools.measure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One mode's figures (fixed or jittered retry) of a reconnect storm, and how they are
 * written: a markdown row for docs/reliability.md and a map for the JSON file. Every time
 * is in ms from {@code stoppedAccepting} (the old server's port refused a connect, or its
 * process had exited, whichever was seen first) or from {@code newAccepting} (the new
 * server took its first connection), so none can be negative.
 */
record StormResult(String mode, long retryMillis, double jitter, int sse, int ws, long receivingBefore,
		long stopToRefusedMillis, long launchedMillis, long acceptingMillis, long healthyMillis, long[] backFromStop,
		long[] backFromAccept, long notBack, int returnTimeoutSeconds, double peakCpuPercent,
		double cpuSecondsDuringReturn, long failedHandshakes, long refused, long timeouts, long otherFailures,
		Map<String, Long> otherFailureKinds, long lost, long duplicates, long gapsWithinEpoch, long epochGaps,
		long epochSwitchesWithoutGap, String loadBefore, String loadAfter, String noise) {

	StormResult(String mode, long retryMillis, double jitter, int sse, int ws, long receivingBefore,
			long stopToRefusedMillis, long launchedMillis, long acceptingMillis, long healthyMillis, long[] backFromStop,
			long[] backFromAccept, long notBack, int returnTimeoutSeconds, double peakCpuPercent,
			double cpuSecondsDuringReturn, long failedHandshakes, long refused, long timeouts, long otherFailures,
			Map<String, Long> otherFailureKinds, long lost, long duplicates, long gapsWithinEpoch, long epochGaps,
			long epochSwitchesWithoutGap, String loadBefore, String loadAfter) {
		this(mode, retryMillis, jitter, sse, ws, receivingBefore, stopToRefusedMillis, launchedMillis,
				acceptingMillis, healthyMillis, backFromStop, backFromAccept, notBack, returnTimeoutSeconds,
				peakCpuPercent, cpuSecondsDuringReturn, failedHandshakes, refused, timeouts, otherFailures,
				otherFailureKinds, lost, duplicates, gapsWithinEpoch, epochGaps, epochSwitchesWithoutGap, loadBefore,
				loadAfter, "not checked");
	}

	static final String TABLE_HEADER = """
			| retry | clients (SSE + WS) | new server accepting / healthy | all back | return after the stop: p50 / p99 / max | return after the new server accepted: p50 / p99 / max | peak server CPU (1 s) during the return | failed handshakes | refused connects | other connect errors | lost / duplicated within an epoch | noise guard (restart to settled) | load average before → after |
			| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |""";

	StormResult {
		backFromStop = sorted(backFromStop);
		backFromAccept = sorted(backFromAccept);
	}

	private static long[] sorted(long[] values) {
		long[] copy = values.clone();
		Arrays.sort(copy);
		if (copy.length > 0 && copy[0] < 0) {
			throw new IllegalArgumentException("a negative return time: " + copy[0] + " ms");
		}
		return copy;
	}

	/** Nearest-rank percentile of sorted values; -1 when there are none. */
	static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return -1;
		}
		int rank = (int) Math.ceil(p / 100 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
	}

	/** "p50 / p99 / max" in seconds, or "none back". */
	static String spread(long[] sorted) {
		if (sorted.length == 0) {
			return "none back";
		}
		return String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", percentile(sorted, 50) / 1000.0,
				percentile(sorted, 99) / 1000.0, percentile(sorted, 100) / 1000.0);
	}

	String retryLabel() {
		return (this.jitter == 0) ? "fixed " + this.retryMillis + " ms"
				: String.format(Locale.ROOT, "%d ms ± %.0f %%", this.retryMillis, this.jitter * 100);
	}

	String markdownRow() {
		long total = (long) this.sse + this.ws;
		String back = (this.notBack == 0) ? "yes"
				: String.format(Locale.ROOT, "no: %d of %d not back within %d s", this.notBack, total,
						this.returnTimeoutSeconds);
		String receiving = (this.receivingBefore == total) ? ""
				: String.format(Locale.ROOT, " (%d receiving before)", this.receivingBefore);
		String other = (this.otherFailures == 0) ? "0"
				: this.otherFailures + " (" + this.otherFailureKinds.entrySet()
					.stream()
					.map(kind -> kind.getKey() + " " + kind.getValue())
					.collect(java.util.stream.Collectors.joining(", ")) + ")";
		return String.format(Locale.ROOT,
				"| %s | %d + %d%s | %.1f / %.1f s | %s | %s | %s | %.0f %% (%.1f CPU s) | %d | %d | %s | %d / %d | %s | %s → %s |",
				retryLabel(), this.sse, this.ws, receiving, this.acceptingMillis / 1000.0, this.healthyMillis / 1000.0,
				back, spread(this.backFromStop), spread(this.backFromAccept), this.peakCpuPercent,
				this.cpuSecondsDuringReturn, this.failedHandshakes, this.refused + this.timeouts, other, this.lost,
				this.duplicates, this.noise, this.loadBefore, this.loadAfter);
	}

	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("mode", this.mode);
		json.put("retryMillis", this.retryMillis);
		json.put("jitter", this.jitter);
		json.put("sseClients", this.sse);
		json.put("webSocketClients", this.ws);
		json.put("receivingBeforeRestart", this.receivingBefore);
		json.put("timesAreFrom", "stoppedAccepting: the old server's port first refused a connect (or its process"
				+ " had exited, whichever came first); newAccepting: the new server took its first connection");
		json.put("stopRequestToRefusedMillis", this.stopToRefusedMillis);
		json.put("newServerLaunchedMillis", this.launchedMillis);
		json.put("newServerAcceptingMillis", this.acceptingMillis);
		json.put("newServerHealthyMillis", this.healthyMillis);
		json.put("back", this.backFromStop.length);
		json.put("notBack", this.notBack);
		json.put("returnTimeoutSeconds", this.returnTimeoutSeconds);
		json.put("backFromStopMillis", percentiles(this.backFromStop));
		json.put("backFromNewAcceptingMillis", percentiles(this.backFromAccept));
		json.put("peakServerCpuPercentOver1s", Math.round(this.peakCpuPercent * 10) / 10.0);
		json.put("serverCpuSecondsDuringReturn", Math.round(this.cpuSecondsDuringReturn * 100) / 100.0);
		json.put("failedHandshakes", this.failedHandshakes);
		json.put("refusedConnects", this.refused);
		json.put("connectTimeouts", this.timeouts);
		json.put("otherConnectErrors", this.otherFailures);
		json.put("otherConnectErrorKinds", this.otherFailureKinds);
		json.put("lostWithinEpoch", this.lost);
		json.put("duplicatedWithinEpoch", this.duplicates);
		json.put("gapNoticesWithinEpoch", this.gapsWithinEpoch);
		json.put("epochGapNotices", this.epochGaps);
		json.put("epochSwitchesWithoutGap", this.epochSwitchesWithoutGap);
		json.put("loadAverageBefore", this.loadBefore);
		json.put("loadAverageAfter", this.loadAfter);
		json.put("noise", this.noise);
		return json;
	}

	private static Map<String, Long> percentiles(long[] sorted) {
		Map<String, Long> values = new LinkedHashMap<>();
		for (double p : List.of(0.0, 50.0, 90.0, 99.0, 100.0)) {
			values.put(p == 0 ? "min" : p == 100 ? "max" : "p" + (int) p, p == 0 && sorted.length > 0 ? sorted[0]
					: percentile(sorted, p));
		}
		return values;
	}

}
