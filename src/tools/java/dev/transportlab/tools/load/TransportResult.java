package dev.transportlab.tools.load;

import java.util.List;

/** Everything one transport run measured; written as results.json and summarised in report.md. */
record TransportResult(String transport, String feed, int clients, int rate, int markers, int connectedAfterRampUp,
		int connectedAtEnd, double rampUpSeconds, double measuredSeconds, long received, long receivedMeasured,
		double messagesPerSecond, double expectedMessagesPerSecond, Latency latencyMs, long lost, long duplicates,
		long gaps, long errors, long reconnects, int silentClients, long requests, double requestsPerSecond,
		ServerFigures server, MemoryPerConnection memory, double clientCpuCoresMean, String webSocketExtensions,
		List<Sample> timeline,
		List<Percentile> latencyDistribution) {

	/** Delivery latency in milliseconds over the measured window. */
	record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {
	}

	/** AppProcess side, from Actuator, over the measured window (max over the whole run for sizes). */
	record ServerFigures(double cpuCoresMean, double cpuCoresMax, double machineCpuMean, double heapMbMax,
			double threadsMax, double openFilesMax, double connectionsMax) {
	}

	/**
	 * AppProcess heap after a full GC and resident set size, before the clients connected and
	 * after the ramp-up (GC'd again), divided by the connected clients.
	 */
	record MemoryPerConnection(Long heapBeforeBytes, Long heapAfterBytes, Long rssBeforeBytes, Long rssAfterBytes,
			Long heapBytesPerConnection, Long rssBytesPerConnection) {
	}

	/** One second of the run: what the clients saw and what Actuator said. */
	record Sample(double t, String phase, int connected, double messagesPerSecond, double p99Ms,
			double serverCpuCores, double machineCpu, double heapMb, double threads, double openFiles,
			double serverConnections, double clientCpuCores, double serverCpuSeconds, double serverUptimeSeconds) {
	}

	record Percentile(double percentile, double latencyMs) {
	}

}
