package dev.transportlab.feed;

/** The four ways the same feed reaches a browser. */
public enum Transport {

	POLLING("polling"), LONG_POLLING("long-polling"), WEBSOCKET("websocket"), SSE("sse");

	private final String key;

	Transport(String key) {
		this.key = key;
	}

	/** The name used in URLs, JSON and metric tags. */
	public String key() {
		return this.key;
	}

}
