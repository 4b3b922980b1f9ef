package dev.transportlab.jobs;

import dev.transportlab.problem.BadParameterException;

/**
 * The body of POST /api/jobs; every field may be left out.
 *
 * @param steps how many steps the job has, 1..1000 (default 20)
 * @param stepMillis how long one step takes, 10..5000 ms (default 250)
 * @param failAtStep simulate a failure when this step (1..steps) runs; null for none
 */
record JobRequest(Integer steps, Integer stepMillis, Integer failAtStep) {

	static final JobRequest DEFAULTS = new JobRequest(20, 250, null);

	JobRequest withDefaults() {
		return new JobRequest(this.steps != null ? this.steps : DEFAULTS.steps,
				this.stepMillis != null ? this.stepMillis : DEFAULTS.stepMillis, this.failAtStep);
	}

	/** Itself if within the limits (after withDefaults), else a 400 on the field. */
	JobRequest validated() {
		if (this.steps < 1 || this.steps > JobService.MAX_STEPS) {
			throw new BadParameterException("steps", "must be 1.." + JobService.MAX_STEPS + ", got " + this.steps);
		}
		if (this.stepMillis < JobService.MIN_STEP_MILLIS || this.stepMillis > JobService.MAX_STEP_MILLIS) {
			throw new BadParameterException("stepMillis", "must be " + JobService.MIN_STEP_MILLIS + ".."
					+ JobService.MAX_STEP_MILLIS + " (ms per step), got " + this.stepMillis);
		}
		if (this.failAtStep != null && (this.failAtStep < 1 || this.failAtStep > this.steps)) {
			throw new BadParameterException("failAtStep",
					"must be 1..steps (" + this.steps + ") or left out, got " + this.failAtStep);
		}
		return this;
	}

}
