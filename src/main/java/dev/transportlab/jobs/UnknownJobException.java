package dev.transportlab.jobs;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;

/** No such job: never started, or finished and past its retention (404). */
class UnknownJobException extends ProblemException {

	UnknownJobException(String id) {
		super(HttpStatus.NOT_FOUND, Problems.UNKNOWN_JOB, "No job '"
				+ (id.length() > 40 ? id.substring(0, 40) + "..." : id)
				+ "'. Jobs come from POST /api/jobs; a finished job is kept for lab.jobs.retention, then forgotten.");
	}

}
