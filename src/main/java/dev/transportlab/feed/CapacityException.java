package dev.transportlab.feed;

/** No room for another connection of this transport right now: try again later (503). */
public class CapacityException extends RuntimeException {

	public CapacityException(Transport transport, int max) {
		super("The server holds at most " + max + " " + transport.key()
				+ " connections (lab.limits.max-connections-per-transport); try again later.");
	}

}
