package dev.transportlab.feed;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where subscriptions drain into their sinks. A write that blocks (a client that stopped
 * reading) holds its thread until the send timeout, so each drain wants a thread of its
 * own: a virtual thread per drain when the JVM has them (21 and newer), otherwise a
 * bounded pool of platform threads, so that the app still runs on Java 17, Spring Boot's
 * baseline. The pool's size is {@code lab.limits.push-threads}; a stalled client then
 * costs one of those threads until its write times out.
 */
final class PushThreads {

	/** An idle platform thread ends after this long; the next burst starts it again. */
	static final long IDLE_SECONDS = 60;

	private PushThreads() {
	}

	static ExecutorService create(int platformThreads) {
		ExecutorService virtual = virtualThreadPerTask();
		return (virtual != null) ? virtual : elastic(platformThreads);
	}

	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Up to {@code maxThreads} platform threads, a new one only when every thread is
	 * busy. A fixed pool would start a thread per task until it is full: 64 threads (and
	 * their stacks) for a fan-out that needs one when no client stalls.
	 */
	static ExecutorService elastic(int maxThreads) {
		return new ElasticPool(maxThreads);
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

	/**
	 * A ThreadPoolExecutor queues a task rather than start a thread once its core threads
	 * exist, and starts a core thread for every task before that. This one counts the
	 * tasks not yet finished: the queue takes a task while a thread is idle (or the pool
	 * is full), and refuses it otherwise, which makes the executor start a thread
	 * (Tomcat's TaskQueue works the same way).
	 */
	private static final class ElasticPool extends ThreadPoolExecutor {

		private final AtomicInteger unfinished = new AtomicInteger();

		ElasticPool(int maxThreads) {
			super(1, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS, new IdleFirstQueue(),
					DaemonThreads.named("feed-push-"), ElasticPool::queueWhenFull);
			((IdleFirstQueue) getQueue()).pool = this;
			allowCoreThreadTimeOut(true);
		}

		@Override
		public void execute(Runnable task) {
			this.unfinished.incrementAndGet();
			try {
				super.execute(task);
			}
			catch (RuntimeException ex) {
				this.unfinished.decrementAndGet();
				throw ex;
			}
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			this.unfinished.decrementAndGet();
		}

		/**
		 * The pool filled up between the queue's refusal and the executor's try to grow.
		 */
		private static void queueWhenFull(Runnable task, ThreadPoolExecutor pool) {
			if (pool.isShutdown()) {
				throw new RejectedExecutionException("feed-push is shut down");
			}
			((IdleFirstQueue) pool.getQueue()).force(task);
		}

		boolean hasIdleThread() {
			return this.unfinished.get() <= getPoolSize();
		}

	}

	private static final class IdleFirstQueue extends LinkedBlockingQueue<Runnable> {

		private ElasticPool pool;

		@Override
		public boolean offer(Runnable task) {
			if (this.pool.getPoolSize() >= this.pool.getMaximumPoolSize() || this.pool.hasIdleThread()) {
				return super.offer(task);
			}
			return false;
		}

		void force(Runnable task) {
			super.offer(task);
		}

	}

}
