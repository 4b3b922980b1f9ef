package dev.transportlab.tools.client;

/**
 * Daemon threads for the toolkit's blocking clients and proxies. Tests hold a handful of
 * clients, so a platform thread each is fine and keeps the toolkit on Java 17; the load
 * generator, which holds thousands, uses the asynchronous clients instead.
 */
public final class Threads {

	private Threads() {
	}

	public static Thread start(Runnable task) {
		return start("lab-client", task);
	}

	public static Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
