package dev.transportlab.feed;

public class UnknownFeedException extends RuntimeException {

	public UnknownFeedException(String id) {
		super("No feed '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id)
				+ "'. The live feed is 'live'; benchmark feeds come from POST /api/feeds and vanish when unused.");
	}

}
