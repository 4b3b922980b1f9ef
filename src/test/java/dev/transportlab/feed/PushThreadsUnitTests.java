package dev.transportlab.feed;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The platform-thread pool of Java 17-20 (21+ runs each drain on a virtual thread). */
class PushThreadsUnitTests {

	private ExecutorService pool;

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.pool.shutdownNow();
	}

	@Test
	void oneEventAfterAnotherRunsOnOneThread() throws Exception {
		this.pool = PushThreads.elastic(64);
		Set<String> threads = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			threads.add(this.pool.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
			// as between two events: the thread is back in the pool before the next one
			await().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> ((ThreadPoolExecutor) this.pool).getActiveCount() == 0);
		}
		assertThat(threads).hasSize(1);
	}

	@Test
	void aTaskDoesNotWaitBehindBlockedWritersWhileThePoolHasRoom() throws Exception {
		this.pool = PushThreads.elastic(4);
		for (int i = 0; i < 3; i++) {
			this.pool.execute(this::awaitRelease);
		}
		CountDownLatch ran = new CountDownLatch(1);
		this.pool.execute(ran::countDown);
		assertThat(ran.await(5, TimeUnit.SECONDS)).as("a fourth task ran beside three blocked ones").isTrue();
		assertThat(((ThreadPoolExecutor) this.pool).getPoolSize()).isEqualTo(4);
	}

	@Test
	void aFullPoolQueuesTheTaskUntilAThreadIsFree() throws Exception {
		this.pool = PushThreads.elastic(2);
		this.pool.execute(this::awaitRelease);
		this.pool.execute(this::awaitRelease);
		Future<String> queued = this.pool.submit(() -> "ran");
		assertThat(queued.isDone()).isFalse();
		this.release.countDown();
		assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
		assertThat(((ThreadPoolExecutor) this.pool).getLargestPoolSize()).isEqualTo(2);
	}

	@Test
	void aShutDownPoolRefusesTasks() {
		this.pool = PushThreads.elastic(2);
		this.pool.shutdown();
		assertThatThrownBy(() -> this.pool.execute(() -> {
		})).isInstanceOf(RejectedExecutionException.class);
	}

	private void awaitRelease() {
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
