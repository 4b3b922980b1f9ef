package dev.transportlab.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.transportlab.LabProperties;
import dev.transportlab.feed.CatchUp;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedLimitException;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.problem.BadParameterException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Starts, cancels and forgets simulated jobs. Job N publishes on a feed of its own,
 * {@code job-N}, so the four transports follow it with no code of their own. All steps of
 * all jobs run on one scheduler thread (a step is a few microseconds of work), and at
 * most {@code lab.jobs.max-running} jobs run at once. A finished job and its feed stay
 * for {@code lab.jobs.retention}, then both are removed.
 */
@Service
public class JobService implements DisposableBean {

	static final String FEED_PREFIX = "job-";

	public static final int MAX_STEPS = 1000;

	public static final int MIN_STEP_MILLIS = 10;

	public static final int MAX_STEP_MILLIS = 5000;

	private static final Logger logger = LoggerFactory.getLogger(JobService.class);

	private final FeedRegistry feeds;

	private final LabProperties.Jobs settings;

	private final Clock clock = Clock.systemUTC();

	private final Map<Long, Job> jobs = new ConcurrentSkipListMap<>();

	private final AtomicLong lastId = new AtomicLong();

	private final ScheduledThreadPoolExecutor scheduler;

	JobService(FeedRegistry feeds, LabProperties properties) {
		this.feeds = feeds;
		this.settings = properties.jobs();
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("job-steps-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		if (this.settings.retention().compareTo(properties.replay().maxAge()) > 0) {
			logger.warn(
					"lab.jobs.retention ({}) is longer than lab.replay.max-age ({}): late subscribers of an old job "
							+ "will find its feed empty; GET /api/jobs/{id} still has the state",
					this.settings.retention(), properties.replay().maxAge());
		}
	}

	/**
	 * Validates, makes room, starts; the job has published its first event when this
	 * returns.
	 */
	Job start(JobRequest requested) {
		JobRequest request = validate((requested != null ? requested : JobRequest.DEFAULTS).withDefaults());
		Job job;
		synchronized (this) {
			long running = this.jobs.values().stream().filter(j -> j.state() == JobState.RUNNING).count();
			if (running >= this.settings.maxRunning()) {
				throw new FeedLimitException(
						"At most " + this.settings.maxRunning()
								+ " jobs may run at once (lab.jobs.max-running); cancel one or wait for one to finish.",
						true);
			}
			evictOldestFinishedIfFull();
			long id = this.lastId.incrementAndGet();
			// a job is short and its whole progress is the point: replay it after a lost
			// place
			Feed feed = this.feeds.createPublished(FEED_PREFIX + id, CatchUp.HISTORY);
			job = new Job(id, feed, request, this.clock);
			this.jobs.put(id, job);
		}
		job.start(this.scheduler, () -> finished(job));
		logger.info("Job {} started: {} steps of {} ms{}", job.id(), request.steps(), request.stepMillis(),
				request.failAtStep() != null ? ", to fail at step " + request.failAtStep() : "");
		return job;
	}

	Job get(String id) {
		Job job = null;
		if (id.length() <= 18 && !id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
			job = this.jobs.get(Long.parseLong(id));
		}
		if (job == null) {
			throw new UnknownJobException(id);
		}
		return job;
	}

	List<Job> all() {
		return List.copyOf(this.jobs.values());
	}

	Job cancel(String id) {
		Job job = get(id);
		if (!job.cancel(() -> finished(job))) {
			throw new JobFinishedException(job.id(), job.state());
		}
		logger.info("Job {} cancelled", job.id());
		return job;
	}

	Duration retention() {
		return this.settings.retention();
	}

	private static JobRequest validate(JobRequest request) {
		if (request.steps() < 1 || request.steps() > MAX_STEPS) {
			throw new BadParameterException("steps", "must be 1.." + MAX_STEPS + ", got " + request.steps());
		}
		if (request.stepMillis() < MIN_STEP_MILLIS || request.stepMillis() > MAX_STEP_MILLIS) {
			throw new BadParameterException("stepMillis", "must be " + MIN_STEP_MILLIS + ".." + MAX_STEP_MILLIS
					+ " (ms per step), got " + request.stepMillis());
		}
		Integer failAt = request.failAtStep();
		if (failAt != null && (failAt < 1 || failAt > request.steps())) {
			throw new BadParameterException("failAtStep",
					"must be 1..steps (" + request.steps() + ") or left out, got " + failAt);
		}
		return request;
	}

	/** Called once per job, with the job's lock held, right after its final event. */
	private void finished(Job job) {
		long retention = this.settings.retention().toMillis();
		if (!this.scheduler.isShutdown()) {
			this.scheduler.schedule(() -> forget(job), retention, TimeUnit.MILLISECONDS);
		}
	}

	private void forget(Job job) {
		if (this.jobs.remove(job.id(), job)) {
			// subscribers still connected get the feed's end notice (SSE feed-removed,
			// WebSocket 1001)
			this.feeds.remove(job.feed().id());
			logger.info("Job {} forgotten", job.id());
		}
	}

	private void evictOldestFinishedIfFull() {
		List<Job> finished = this.jobs.values().stream().filter(j -> j.state().isFinal()).toList();
		if (finished.size() >= this.settings.maxRetained()) {
			finished.stream().min(Comparator.comparing(Job::finishedAt)).ifPresent(this::forget);
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	private static ThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

}
