package dev.transportlab.tools.client;

/**
 * Daemon threads for the toolkit's proxies and the tools' samplers: a handful each, so a
 * platform thread each is fine and keeps the toolkit on Java 17 (the transport clients run
 * on Jetty's few threads instead, see {@link AsyncClients}).
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
