package dev.transportlab.jobs;

/** No such job: never started, or finished and past its retention. */
class UnknownJobException extends RuntimeException {

	UnknownJobException(String id) {
		super("No job '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id)
				+ "'. Jobs come from POST /api/jobs; a finished job is kept for lab.jobs.retention, then forgotten.");
	}

}
