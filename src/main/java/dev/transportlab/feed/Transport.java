package dev.transportlab.feed;

/**
 * The five ways the same feed reaches a browser. New ones go last: instances share client
 * counts with Redis in this order.
 */
public enum Transport {

	POLLING("polling"), LONG_POLLING("long-polling"), WEBSOCKET("websocket"), SSE("sse"), FETCH("fetch");

	private final String key;

	Transport(String key) {
		this.key = key;
	}

	/** The name used in URLs, JSON and metric tags. */
	public String key() {
		return this.key;
	}

}
