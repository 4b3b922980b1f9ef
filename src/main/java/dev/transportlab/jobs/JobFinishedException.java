package dev.transportlab.jobs;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;

/** A cancel for a job that already reached its final state (409). */
class JobFinishedException extends ProblemException {

	JobFinishedException(long id, JobState state) {
		super(HttpStatus.CONFLICT, Problems.JOB_FINISHED,
				"Job " + id + " already finished (" + state.key() + "); only a running job can be cancelled.");
	}

}
