package dev.transportlab.transport.websocket;

import dev.transportlab.feed.ResumePoint;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one message a WebSocket client may send,
 * {@code {"type":"resume","after":N,"epoch":"E"}}, read the same way by both engines: a
 * resume point, or why the socket closes with 1008.
 */
record ResumeMessage(ResumePoint from, String refusal) {

	private static final String EXPECTED = "expected {\"type\":\"resume\",\"after\":N}";

	static ResumeMessage read(JsonMapper json, String text) {
		JsonNode node;
		try {
			node = json.readTree(text);
		}
		catch (JacksonException ex) {
			return refused("malformed JSON; " + EXPECTED);
		}
		if (node == null || !node.isObject() || !"resume".equals(node.path("type").asString(null))) {
			return refused("unknown message; " + EXPECTED);
		}
		JsonNode after = node.get("after");
		JsonNode epoch = node.get("epoch");
		// canConvertToLong before asLong: Jackson 3 throws on a number that does not fit
		if (after == null || !after.isIntegralNumber() || !after.canConvertToLong() || after.asLong() < 0
				|| (epoch != null && !epoch.isNull() && !epoch.isString())) {
			return refused("resume needs \"after\": integer >= 0, optional \"epoch\": string");
		}
		try {
			return new ResumeMessage(
					ResumePoint.parse(after.asString(), epoch == null || epoch.isNull() ? null : epoch.asString()),
					null);
		}
		catch (IllegalArgumentException ex) {
			return refused(truncate("bad resume: " + ex.getMessage()));
		}
	}

	private static ResumeMessage refused(String reason) {
		return new ResumeMessage(null, reason);
	}

	/** A close reason must fit in a control frame (123 bytes). */
	private static String truncate(String reason) {
		return reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
	}

}
