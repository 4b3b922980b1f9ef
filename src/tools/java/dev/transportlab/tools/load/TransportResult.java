package dev.transportlab.tools.load;

import java.util.List;

/**
 * Everything one run (a transport on a server) measured; written as results.json and
 * summarised in report.md.
 *
 * @param server {@code transport-lab}, {@code nchan} or {@code node}
 * @param webSocketExtensions what the server accepted in {@code Sec-WebSocket-Extensions}
 * ("none" when nothing was negotiated, "" for other transports)
 * @param cost the server process's own cost over the measured window, from /proc
 * @param loadAverageBefore the machine's load average (1, 5, 15 min) when the run began
 * @param repeat which of --repeat's runs of this server this is (1..N)
 * @param noise whether anything but the servers and the load generator used the CPU in the window
 * @param deliveredShare messages received in the window / clients x rate x seconds
 * @param publisherRate the peers' publisher's achieved events/s in the window (NaN: this project)
 * @param bottleneck generator-bound, server-bound or "" (then the row has a verdict on the server)
 */
record TransportResult(String transport, String server, String feed, int clients, int rate, int markers,
		String webSocketExtensions, int connectedAfterRampUp, int connectedAtEnd, double rampUpSeconds,
		double measuredSeconds, long received, long receivedMeasured, double messagesPerSecond,
		double expectedMessagesPerSecond, Latency latencyMs, long lost, long duplicates, long gaps, long errors,
		long reconnects, int silentClients, long requests, double requestsPerSecond, Cost cost, ServerFigures actuator,
		MemoryPerConnection memory, double clientCpuCoresMean, Publishing publishing, String loadAverageBefore,
		String loadAverageAfter, List<Sample> timeline,
		List<Percentile> latencyDistribution, int repeat, NoiseGuard.Verdict noise, double deliveredShare,
		double publisherRate, Bottleneck bottleneck) {

	/** Delivery latency in milliseconds over the measured window (HdrHistogram). */
	record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {
	}

	/**
	 * The server process's CPU time (user + system), write system calls and the bytes they
	 * wrote over the measured window, per message delivered to the clients in it; resident
	 * memory at its end. Bytes per message are what one event costs on the wire above TCP
	 * (payload, framing, compression), comparable across servers: NaN in results written
	 * before they were recorded. {@code jitMicrosPerMessage} is the part of
	 * {@code cpuMicrosPerMessage} the JVM's JIT compiler threads used (NaN for peers and
	 * older results).
	 */
	record Cost(double cpuSeconds, double cpuCores, double cpuMicrosPerMessage, long writeCalls,
			double writesPerMessage, double rssMb, double bytesPerMessage, double jitMicrosPerMessage) {
	}

	/** This project's server only, from Actuator (NaN for peers). */
	record ServerFigures(double heapMbMax, double threadsMax, double connectionsMax) {
	}

	/**
	 * Server heap after a full GC and resident set size, before the clients connected and
	 * after the ramp-up, divided by the connected clients (heap: JVM only).
	 */
	record MemoryPerConnection(Long heapBeforeBytes, Long heapAfterBytes, Long rssBeforeBytes, Long rssAfterBytes,
			Long heapBytesPerConnection, Long rssBytesPerConnection) {
	}

	/** A peer's publisher: events posted and failed over the whole run (0 for this project). */
	record Publishing(long published, long failed) {
	}

	/** One second of the run: what the clients saw and what the server cost. */
	record Sample(double t, String phase, int connected, double messagesPerSecond, double p99Ms,
			double serverCpuCores, double heapMb, double rssMb, double threads, double serverConnections,
			double clientCpuCores) {
	}

	record Percentile(double percentile, double latencyMs) {
	}

}
