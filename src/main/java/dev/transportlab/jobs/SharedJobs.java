package dev.transportlab.jobs;

import java.time.Duration;
import java.util.List;

/**
 * Jobs seen from every instance when the feed log is shared ({@code lab.feed-log=redis}):
 * the instance that runs a job keeps its view here on every change, other instances
 * answer GET /api/jobs from it and pass cancels on. Absent in memory mode.
 */
public interface SharedJobs {

	/** The view of a job this instance runs, as JSON, kept for {@code ttl}. */
	void save(long id, String json, Duration ttl);

	/** A job's view as JSON, or {@code null}. */
	String find(long id);

	/** Every job's view as JSON, oldest first. */
	List<String> all();

	void remove(long id);

	/** Asks the instance that runs the job to cancel it. */
	void requestCancel(long id);

	/** Jobs among {@code ids} whose cancel another instance asked for. */
	List<Long> cancelsRequested(List<Long> ids);

}
