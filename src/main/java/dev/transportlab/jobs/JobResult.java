package dev.transportlab.jobs;

/** What a job that succeeded produced: the steps it processed and how long that took. */
record JobResult(int processed, long elapsedMillis) {

	String json() {
		return "{\"processed\":" + this.processed + ",\"elapsedMillis\":" + this.elapsedMillis + '}';
	}

}
