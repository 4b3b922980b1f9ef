package dev.transportlab.jobs;

/** Where a job is; every state but {@code RUNNING} is final. */
enum JobState {

	RUNNING, SUCCEEDED, FAILED, CANCELLED;

	/** The word on the wire: {@code running}, {@code succeeded}, ... */
	String key() {
		return name().toLowerCase();
	}

	boolean isFinal() {
		return this != RUNNING;
	}

}
