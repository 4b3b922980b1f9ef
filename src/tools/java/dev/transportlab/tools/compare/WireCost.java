package dev.transportlab.tools.compare;

/**
 * What one scenario's transport cost as it crossed the relay between Chromium and the app,
 * from its first byte to its last: bytes each way (request lines, headers, chunk framing,
 * WebSocket frame headers and masks, compressed bodies), of which header bytes, HTTP requests
 * (WebSocket: the handshake), connections that carried it, the WebSocket extension the 101
 * answer agreed ("none" when it agreed none; null for HTTP transports), the Content-Encoding of
 * answers (null: none), the app's CPU time over the same span, and the polling answers without
 * events that the app counted (/api/stats). Null figures were not measured.
 */
record WireCost(long bytesDown, long bytesUp, long headerBytesDown, long headerBytesUp, long requests,
		int connections, String extension, String contentEncoding, double spanS, Long serverCpuNs,
		Long emptyAnswers) {

	static WireCost of(WireMeter.Totals t, Long serverCpuNs, Long emptyAnswers) {
		double span = t.lastNanos() > t.firstNanos() ? (t.lastNanos() - t.firstNanos()) / 1e9 : 0;
		return new WireCost(t.bytesDown(), t.bytesUp(), t.headerBytesDown(), t.headerBytesUp(), t.requests(),
				t.connections(), t.extension(), t.contentEncoding(), span, serverCpuNs, emptyAnswers);
	}

}
