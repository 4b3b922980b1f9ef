package dev.transportlab.feed;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where subscriptions drain into their sinks. A write that blocks (a client that stopped
 * reading) holds its thread until the send timeout, so each drain wants a thread of its
 * own: a virtual thread per drain when the JVM has them (21 and newer), otherwise a
 * bounded pool of platform threads, so that the app still runs on Java 17, Spring Boot's
 * baseline. The pool's size is {@code lab.limits.push-threads}; a stalled client then
 * costs one of those threads until its write times out.
 */
final class PushThreads {

	private PushThreads() {
	}

	static ExecutorService create(int platformThreads) {
		ExecutorService virtual = virtualThreadPerTask();
		return (virtual != null) ? virtual
				: Executors.newFixedThreadPool(platformThreads, DaemonThreads.named("feed-push-"));
	}

	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Java 21's Executors.newVirtualThreadPerTaskExecutor, reached without compiling
	 * against 21.
	 */
	private static ExecutorService virtualThreadPerTask() {
		if (!virtualThreadsAvailable()) {
			return null;
		}
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
