package dev.transportlab.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.transportlab.feed.Feed;

/**
 * One simulated job. A step is a task on the shared job scheduler that, when done,
 * schedules the next one: no thread sleeps for a job. Every change of state is published
 * on the job's feed as one progress event, built once: <pre>
 * {"seq":4,"ts":..,"epoch":"..","type":"progress","job":7,"step":3,"steps":10,"percent":30,"state":"running"}
 * </pre> {@code step} counts the steps completed (0 in the first event). The last event
 * has a final state and, when the job succeeded, a {@code result}; a failed one has an
 * {@code error}. Its methods are synchronized: steps run on the scheduler, cancels on
 * request threads.
 */
final class Job {

	private final long id;

	private final Feed feed;

	private final int steps;

	private final int stepMillis;

	private final Integer failAtStep;

	private final Clock clock;

	private final Instant startedAt;

	private JobState state = JobState.RUNNING;

	private int step;

	private Instant finishedAt;

	private JobResult result;

	private String error;

	private ScheduledFuture<?> nextStep;

	/** Told after every published change (to share the view across instances). */
	private final Consumer<Job> changed;

	Job(long id, Feed feed, JobRequest request, Clock clock, Consumer<Job> changed) {
		this.id = id;
		this.changed = changed;
		this.feed = feed;
		this.steps = request.steps();
		this.stepMillis = request.stepMillis();
		this.failAtStep = request.failAtStep();
		this.clock = clock;
		this.startedAt = clock.instant();
	}

	long id() {
		return this.id;
	}

	Feed feed() {
		return this.feed;
	}

	/** Publishes the first event (step 0) and schedules step 1. */
	synchronized void start(ScheduledExecutorService scheduler, Runnable onFinish) {
		publish();
		scheduleNext(scheduler, onFinish);
	}

	private void scheduleNext(ScheduledExecutorService scheduler, Runnable onFinish) {
		this.nextStep = scheduler.schedule(() -> runStep(scheduler, onFinish), this.stepMillis, TimeUnit.MILLISECONDS);
	}

	private synchronized void runStep(ScheduledExecutorService scheduler, Runnable onFinish) {
		if (this.state.isFinal()) {
			return; // cancelled while this step was due
		}
		int attempted = this.step + 1;
		if (this.failAtStep != null && attempted == this.failAtStep) {
			this.error = "simulated failure at step " + attempted + " of " + this.steps;
			finish(JobState.FAILED, onFinish);
			return;
		}
		this.step = attempted;
		if (this.step == this.steps) {
			this.result = new JobResult(this.steps, Duration.between(this.startedAt, this.clock.instant()).toMillis());
			finish(JobState.SUCCEEDED, onFinish);
			return;
		}
		publish();
		scheduleNext(scheduler, onFinish);
	}

	/**
	 * @return false when the job had already finished
	 */
	synchronized boolean cancel(Runnable onFinish) {
		if (this.state.isFinal()) {
			return false;
		}
		if (this.nextStep != null) {
			this.nextStep.cancel(false);
		}
		finish(JobState.CANCELLED, onFinish);
		return true;
	}

	private void finish(JobState finalState, Runnable onFinish) {
		this.state = finalState;
		this.finishedAt = this.clock.instant();
		try {
			publish();
		}
		finally {
			onFinish.run();
		}
	}

	private void publish() {
		this.feed.append((seq, ts, epoch) -> {
			StringBuilder json = new StringBuilder(200).append("{\"seq\":")
				.append(seq)
				.append(",\"ts\":")
				.append(ts)
				.append(",\"epoch\":\"")
				.append(epoch)
				.append("\",\"type\":\"progress\",\"job\":")
				.append(this.id)
				.append(",\"step\":")
				.append(this.step)
				.append(",\"steps\":")
				.append(this.steps)
				.append(",\"percent\":")
				.append(percent())
				.append(",\"state\":\"")
				.append(this.state.key())
				.append('"');
			if (this.result != null) {
				json.append(",\"result\":").append(this.result.json());
			}
			if (this.error != null) {
				// our own text: nothing to escape
				json.append(",\"error\":\"").append(this.error).append('"');
			}
			return json.append('}').toString();
		});
		this.changed.accept(this);
	}

	private int percent() {
		return this.step * 100 / this.steps;
	}

	synchronized JobState state() {
		return this.state;
	}

	synchronized Instant finishedAt() {
		return this.finishedAt;
	}

	/** A consistent snapshot for GET /api/jobs/{id}. */
	synchronized JobView view(Duration retention) {
		String feedId = this.feed.id();
		return new JobView(this.id, this.state.key(), this.step, this.steps, percent(), this.stepMillis,
				this.failAtStep, this.result, this.error, this.startedAt.toString(),
				this.finishedAt == null ? null : this.finishedAt.toString(),
				this.finishedAt == null ? null : this.finishedAt.plus(retention).toString(), feedId, this.feed.epoch(),
				this.feed.head(), new JobView.FeedUrls("/api/feeds/" + feedId + "/events",
						"/api/feeds/" + feedId + "/stream", "/ws/feeds/" + feedId));
	}

}
