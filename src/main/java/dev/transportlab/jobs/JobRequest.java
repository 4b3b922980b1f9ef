package dev.transportlab.jobs;

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

}
