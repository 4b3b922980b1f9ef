package dev.transportlab.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.LabProperties;
import dev.transportlab.feed.CatchUp;
import dev.transportlab.feed.DaemonThreads;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedLimitException;
import dev.transportlab.feed.FeedLogUnavailableException;
import dev.transportlab.feed.FeedRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
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

	/** Jobs of other instances; {@link SharedJobs#THIS_INSTANCE_ONLY} in memory mode. */
	private final SharedJobs shared;

	JobService(FeedRegistry feeds, LabProperties properties, ObjectProvider<SharedJobs> shared) {
		this.feeds = feeds;
		this.settings = properties.jobs();
		this.shared = shared.getIfAvailable(() -> SharedJobs.THIS_INSTANCE_ONLY);
		this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("job-steps-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		// cancels asked for on other instances (never any in memory mode)
		this.scheduler.scheduleWithFixedDelay(this::cancelsFromElsewhere, 200, 200, TimeUnit.MILLISECONDS);
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
		JobRequest request = (requested != null ? requested : JobRequest.DEFAULTS).withDefaults().validated();
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
			long id = this.feeds.nextNumber("job", this.lastId.incrementAndGet());
			// a job is short and its whole progress is the point: replay all of it
			Feed feed = this.feeds.createPublished(FeedRegistry.JOB_PREFIX + id, CatchUp.HISTORY);
			job = new Job(id, feed, request, this.clock, this::share);
			this.jobs.put(id, job);
		}
		job.start(this.scheduler, () -> finished(job));
		logger.info("Job {} started: {} steps of {} ms{}", job.id(), request.steps(), request.stepMillis(),
				request.failAtStep() != null ? ", to fail at step " + request.failAtStep() : "");
		return job;
	}

	Job get(String id) {
		Long number = parseId(id);
		Job job = (number != null) ? this.jobs.get(number) : null;
		if (job == null) {
			throw new UnknownJobException(id);
		}
		return job;
	}

	/** A job id as the URL gives it: up to 18 digits (so it fits a long), else null. */
	private static Long parseId(String id) {
		if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
			return null;
		}
		return Long.parseLong(id);
	}

	List<Job> all() {
		return List.copyOf(this.jobs.values());
	}

	/** A job of this instance, or with a shared log, of any instance. */
	JobView view(String id) {
		try {
			return get(id).view(this.settings.retention());
		}
		catch (UnknownJobException ex) {
			JobView view = sharedView(id);
			if (view == null) {
				throw ex;
			}
			return view;
		}
	}

	/** Every job, those of other instances included when the log is shared. */
	List<JobView> views() {
		Map<Long, JobView> views = new TreeMap<>();
		try {
			for (JobView view : this.shared.all()) {
				views.put(view.id(), view);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Jobs of other instances unavailable: {}", ex.toString());
		}
		for (Job job : this.jobs.values()) {
			views.put(job.id(), job.view(this.settings.retention()));
		}
		return List.copyOf(views.values());
	}

	private JobView sharedView(String id) {
		Long number = parseId(id);
		if (number == null) {
			return null;
		}
		try {
			return this.shared.find(number);
		}
		catch (RuntimeException ex) {
			throw new FeedLogUnavailableException("Job " + id
					+ " is not on this instance, and Redis, where the other instances keep theirs, cannot be reached.",
					ex);
		}
	}

	/** Shares the view of a job of this instance after every change. */
	private void share(Job job) {
		try {
			this.shared.save(job.view(this.settings.retention()), this.settings.retention().plusMinutes(1));
		}
		catch (RuntimeException ex) {
			logger.debug("Job {}: view not shared: {}", job.id(), ex.toString());
		}
	}

	private void cancelsFromElsewhere() {
		List<Long> running = this.jobs.values()
			.stream()
			.filter(job -> job.state() == JobState.RUNNING)
			.map(Job::id)
			.toList();
		if (running.isEmpty()) {
			return;
		}
		try {
			for (Long id : this.shared.cancelsRequested(running)) {
				Job job = this.jobs.get(id);
				if (job != null && job.cancel(() -> finished(job))) {
					logger.info("Job {} cancelled from another instance", id);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cancels from other instances unavailable: {}", ex.toString());
		}
	}

	JobView cancel(String id) {
		Job job;
		try {
			job = get(id);
		}
		catch (UnknownJobException ex) {
			return cancelElsewhere(id); // throws ex again when no instance has the job
		}
		if (!job.cancel(() -> finished(job))) {
			throw new JobFinishedException(job.id(), job.state());
		}
		logger.info("Job {} cancelled", job.id());
		return job.view(this.settings.retention());
	}

	/**
	 * A job another instance runs: ask it to cancel, and wait (briefly) for its final
	 * state.
	 */
	private JobView cancelElsewhere(String id) {
		JobView view = view(id);
		if (!"running".equals(view.state())) {
			throw new JobFinishedException(view.id(), JobState.valueOf(view.state().toUpperCase(Locale.ROOT)));
		}
		try {
			this.shared.requestCancel(view.id());
		}
		catch (RuntimeException ex) {
			throw new FeedLogUnavailableException("Job " + id
					+ " runs on another instance, and Redis, through which it is asked to stop, cannot be reached.",
					ex);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		while (System.nanoTime() < deadline && "running".equals(view.state())) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			view = view(id);
		}
		return view;
	}

	Duration retention() {
		return this.settings.retention();
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
			try {
				this.shared.remove(job.id());
			}
			catch (RuntimeException ex) {
				logger.debug("Job {}: shared view left to expire: {}", job.id(), ex.toString());
			}
			// connected subscribers get the end notice (SSE feed-removed, WS 1001)
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

}
