package dev.transportlab.tools.compare;

import java.net.URI;

/** One cell of the matrix: what the benchmark page is asked to measure. */
record Scenario(String transport, int rate, int markers, String mode, int durationS, int pollIntervalMs,
		double rafMin, String protocol, String network) {

	/** HTTP/1.1 on loopback: the scenario of every run before the network axes. */
	Scenario(String transport, int rate, int markers, String mode, int durationS, int pollIntervalMs, double rafMin) {
		this(transport, rate, markers, mode, durationS, pollIntervalMs, rafMin, "h1", "loopback");
	}

	/** " h2 3g-lossy", or "" for HTTP/1.1 on loopback. */
	String axes() {
		return ("h1".equals(this.protocol) ? "" : " " + this.protocol)
				+ ("loopback".equals(this.network) ? "" : " " + this.network);
	}

	/** The autorun URL of DESIGN.md ("Pages"), plus the render mode and polling interval. */
	URI pageUrl(URI baseUrl) {
		return URI.create(baseUrl + "/benchmark?transport=" + this.transport + "&rate=" + this.rate + "&markers="
				+ this.markers + "&duration=" + this.durationS + "&mode=" + this.mode + "&interval=" + this.pollIntervalMs
				+ "&rafMin=" + this.rafMin + "&autorun=1");
	}

	String label() {
		return this.transport + axes() + " " + this.rate + "/s " + this.markers + " markers " + this.mode;
	}

}
