package dev.transportlab.feed;

/**
 * Makes an event's JSON once its seq, ts and epoch are known (a shared log assigns them
 * when it appends).
 */
@FunctionalInterface
public interface EventJson {

	String make(long seq, long ts, String epoch);

}
