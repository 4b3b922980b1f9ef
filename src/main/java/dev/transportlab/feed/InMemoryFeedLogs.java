package dev.transportlab.feed;

import java.time.Clock;

import dev.transportlab.LabProperties;

/** The embedded default: every feed's history in this JVM, a new epoch on every start. */
final class InMemoryFeedLogs implements FeedLogs {

	private final LabProperties.Replay replay;

	private final Clock clock;

	InMemoryFeedLogs(LabProperties.Replay replay, Clock clock) {
		this.replay = replay;
		this.clock = clock;
	}

	@Override
	public FeedLog open(String feedId, FeedSettings settings, boolean owner) {
		return new InMemoryFeedLog(Epochs.next(), this.replay.size(), this.replay.maxAge(), this.clock);
	}

}
