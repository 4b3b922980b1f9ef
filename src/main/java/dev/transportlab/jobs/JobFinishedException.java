package dev.transportlab.jobs;

/** A cancel for a job that already reached its final state. */
class JobFinishedException extends RuntimeException {

	JobFinishedException(long id, JobState state) {
		super("Job " + id + " already finished (" + state.key() + "); only a running job can be cancelled.");
	}

}
