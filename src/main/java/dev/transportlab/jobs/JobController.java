package dev.transportlab.jobs;

import java.util.List;

import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Start, read and cancel simulated jobs. Following one is not done here: a job's progress
 * is the feed {@code job-N} on the ordinary feed endpoints (its view lists the URLs).
 */
@RestController
class JobController {

	private final JobService jobs;

	JobController(JobService jobs) {
		this.jobs = jobs;
	}

	@PostMapping("/api/jobs")
	ResponseEntity<JobView> start(@RequestBody(required = false) JobRequest request) {
		Job job = this.jobs.start(request);
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/jobs/{id}").build(job.id()))
			.body(job.view(this.jobs.retention()));
	}

	@GetMapping("/api/jobs")
	List<JobView> jobs() {
		return this.jobs.views();
	}

	@GetMapping("/api/jobs/{id}")
	JobView job(@PathVariable String id) {
		return this.jobs.view(id);
	}

	/** Cancels a running job: its feed ends with a {@code cancelled} event. */
	@DeleteMapping("/api/jobs/{id}")
	JobView cancel(@PathVariable String id) {
		return this.jobs.cancel(id);
	}

	/** The shared handler describes a feed body; a job body looks different. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY,
					"The body must be a JSON object like {\"steps\": 20, \"stepMillis\": 250, \"failAtStep\": 5} "
							+ "(integers, all optional; steps 1.." + JobService.MAX_STEPS + ", stepMillis "
							+ JobService.MIN_STEP_MILLIS + ".." + JobService.MAX_STEP_MILLIS
							+ ", failAtStep 1..steps)."));
	}

}
