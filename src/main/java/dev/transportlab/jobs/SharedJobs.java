package dev.transportlab.jobs;

import java.time.Duration;
import java.util.List;

/**
 * Jobs seen from every instance when the feed log is shared ({@code lab.feed-log=redis}):
 * the instance that runs a job keeps its view here on every change, other instances
 * answer GET /api/jobs from it and pass cancels on. In memory mode it is
 * {@link #THIS_INSTANCE_ONLY}, which keeps nothing.
 */
interface SharedJobs {

	/** Memory mode: every job is this instance's, so there is nothing to share or ask. */
	SharedJobs THIS_INSTANCE_ONLY = new SharedJobs() {

		@Override
		public void save(JobView view, Duration ttl) {
		}

		@Override
		public JobView find(long id) {
			return null;
		}

		@Override
		public List<JobView> all() {
			return List.of();
		}

		@Override
		public void remove(long id) {
		}

		@Override
		public void requestCancel(long id) {
		}

		@Override
		public List<Long> cancelsRequested(List<Long> ids) {
			return List.of();
		}

	};

	/** The view of a job this instance runs, kept for {@code ttl}. */
	void save(JobView view, Duration ttl);

	/** A job's view, or {@code null}. */
	JobView find(long id);

	/** Every job's view, oldest first. */
	List<JobView> all();

	void remove(long id);

	/** Asks the instance that runs the job to cancel it. */
	void requestCancel(long id);

	/** Jobs among {@code ids} whose cancel another instance asked for. */
	List<Long> cancelsRequested(List<Long> ids);

}
