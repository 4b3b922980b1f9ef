package dev.transportlab.tools.client;

import tools.jackson.databind.JsonNode;

/**
 * One thing a client received, as tests look at it: an event (seq, ts) or a gap notice,
 * with this host's receive time and the text as it came.
 */
public record FeedItem(long seq, long ts, String epoch, JsonNode gap, long receivedMicros, String raw) {

	public boolean isGap() {
		return this.gap != null;
	}

	/** "151" for an event, "gap:expired:40:50" for a gap (reason, missed, resumeAfter). */
	public String describe() {
		if (this.gap == null) {
			return Long.toString(this.seq);
		}
		JsonNode missed = this.gap.get("missed");
		return "gap:" + this.gap.get("reason").asString() + ":"
				+ (missed == null || missed.isNull() ? "?" : missed.asString()) + ":"
				+ this.gap.get("resumeAfter").asString();
	}

	/** An event or gap notice read now. */
	public static FeedItem parse(String json) {
		return parse(json, EventText.nowMicros());
	}

	public static FeedItem parse(String json, long receivedMicros) {
		JsonNode node = JsonHttp.JSON.readTree(json);
		if ("gap".equals(node.path("type").asString(null))) {
			return new FeedItem(-1, 0, node.path("epoch").asString(null), node, receivedMicros, json);
		}
		return new FeedItem(node.path("seq").asLong(), node.path("ts").asLong(), node.path("epoch").asString(null),
				null, receivedMicros, json);
	}

}
