package dev.transportlab.feed;

import java.util.List;

/**
 * Where a client resumes in a log and what it is told: the events after its point, or a
 * gap notice (malformed point, another epoch, a point in the future, an expired one) and
 * the place it goes on from. docs/protocol.md states these rules for clients.
 */
final class ResumeRules {

	/**
	 * How long a read waits for a shared log to catch up with a resume point another
	 * instance already delivered.
	 */
	private static final long CATCH_UP_MILLIS = 1000;

	private final FeedLog log;

	private final CatchUp catchUp;

	ResumeRules(FeedLog log, CatchUp catchUp) {
		this.log = log;
		this.catchUp = catchUp;
	}

	/**
	 * At most {@code max} events after {@code from} ({@code null}: a new client, who gets
	 * the latest event), with a gap notice when the point is outside the window, from
	 * another epoch or unreadable; a client that lost its place gets what {@link CatchUp}
	 * says.
	 */
	Batch read(ResumePoint from, int max) {
		while (true) {
			String epoch = this.log.epoch();
			long head = this.log.head();
			long oldest = this.log.oldest();
			long latest = Math.max(Math.max(0, head - 1), oldest - 1);
			long lostPlace = (this.catchUp == CatchUp.HISTORY) ? oldest - 1 : latest;
			Gap gap = null;
			long after;
			if (from == null) {
				after = latest;
			}
			else if (from.isMalformed()) {
				after = lostPlace;
				gap = new Gap(Gap.Reason.MALFORMED, epoch, from, null, after);
			}
			else if (from.epoch() != null && !from.epoch().equals(epoch)) {
				after = lostPlace;
				gap = new Gap(Gap.Reason.EPOCH, epoch, from, null, after);
			}
			else if (from.after() > head) {
				if (this.log.awaitHead(from.after(), CATCH_UP_MILLIS)) {
					continue; // another instance delivered it a moment before this one
				}
				after = head;
				gap = new Gap(Gap.Reason.FUTURE, epoch, from, null, after);
			}
			else if (from.after() < oldest - 1) {
				after = oldest - 1;
				gap = new Gap(Gap.Reason.EXPIRED, epoch, from, after - from.after(), after);
			}
			else {
				after = from.after();
			}
			List<FeedEvent> events = this.log.readAfter(after, max);
			// A new epoch (shared log) replaced the window meanwhile: read again.
			if (!epoch.equals(this.log.epoch())) {
				continue;
			}
			// An empty read while newer events exist means the window moved under us:
			// read again.
			if (!events.isEmpty() || this.log.head() <= after || this.log.oldest() <= after + 1) {
				long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
				return new Batch(gap, events, next, epoch, events.size() >= max && next < this.log.head());
			}
		}
	}

}
