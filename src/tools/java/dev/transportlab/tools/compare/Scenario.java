package dev.transportlab.tools.compare;

import java.net.URI;

/**
 * One cell of the matrix: what the benchmark page is asked to measure, and the compression
 * setting the app was started with (on, off, or app: a running app's own).
 */
record Scenario(String transport, int rate, int markers, String mode, String compression, int durationS,
		int pollIntervalMs, double rafMin, String protocol, String network) {

	/** HTTP/1.1 on loopback: the scenario of every run without the network axes. */
	Scenario(String transport, int rate, int markers, String mode, String compression, int durationS,
			int pollIntervalMs, double rafMin) {
		this(transport, rate, markers, mode, compression, durationS, pollIntervalMs, rafMin, "h1", "loopback");
	}

	/** " h2 3g-lossy", or "" for HTTP/1.1 on loopback. */
	String axes() {
		return ("h1".equals(this.protocol) ? "" : " " + this.protocol)
				+ ("loopback".equals(this.network) ? "" : " " + this.network);
	}

	/** The autorun URL (docs/benchmark.md, "Autorun contract"), plus the render mode and polling interval. */
	URI pageUrl(URI baseUrl) {
		return URI.create(baseUrl + "/benchmark?transport=" + this.transport + "&rate=" + this.rate + "&markers="
				+ this.markers + "&duration=" + this.durationS + "&mode=" + this.mode + "&interval=" + this.pollIntervalMs
				+ "&rafMin=" + this.rafMin + "&autorun=1");
	}

	/** The first five cells of a report table's row: transport with its axes, rate, markers, mode, compression. */
	String tableRow() {
		return "| " + this.transport + axes() + " | " + this.rate + " | " + this.markers + " | " + this.mode + " | "
				+ this.compression + " | ";
	}

	String label() {
		return this.transport + axes() + " " + this.rate + "/s " + this.markers + " markers " + this.mode + " compression "
				+ this.compression;
	}

}
