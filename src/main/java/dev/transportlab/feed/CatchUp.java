package dev.transportlab.feed;

/**
 * What a feed replays to a client that lost its place: one from an unknown epoch (a
 * restart) or with an unreadable resume point. After a restart of a busy server that is
 * every client at once, so a live feed sends the present, not its whole window.
 */
public enum CatchUp {

	/**
	 * The gap notice, then what a new client gets: the latest event, then live. For
	 * dashboards, where only the present matters (live and benchmark feeds).
	 */
	LATEST,

	/**
	 * The gap notice, then every event the window still holds. For feeds whose history is
	 * the point and short (a job's progress and log).
	 */
	HISTORY

}
