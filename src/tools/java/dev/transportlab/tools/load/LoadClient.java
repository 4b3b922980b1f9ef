package dev.transportlab.tools.load;

/** One simulated browser tab of one transport. */
public interface LoadClient {

	/** Connect (or start polling) without blocking the caller. */
	void start();

	/** Stop for good: no reconnect after this. */
	void stop();

	Delivery.Client state();

}
