package dev.transportlab.feed.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.feed.EventJson;
import dev.transportlab.feed.FeedEvent;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The publishing side of one feed on this instance: whether it holds the lease, and the
 * epoch and seq it goes on from. The sync thread tells it what the lease script answered;
 * the feed's clock appends through it.
 */
final class RedisPublisher {

	private static final Logger logger = LoggerFactory.getLogger(RedisPublisher.class);

	private final StringRedisTemplate redis;

	private final RedisAvailability availability;

	private final String instance;

	private final int windowSize;

	private final String id;

	private final FeedScripts.Keys keys;

	// guarded by "this"
	private boolean holding;

	private String epoch;

	private long seq;

	/**
	 * @param windowSize about how many entries the stream keeps
	 */
	RedisPublisher(StringRedisTemplate redis, RedisAvailability availability, String instance, int windowSize,
			String id, FeedScripts.Keys keys) {
		this.redis = redis;
		this.availability = availability;
		this.instance = instance;
		this.windowSize = windowSize;
		this.id = id;
		this.keys = keys;
	}

	synchronized boolean holding() {
		return this.holding;
	}

	/**
	 * What sync.lua answered: a lease taken (or kept) publishes from its epoch and seq.
	 */
	synchronized void leaseAnswered(boolean holds, String epoch, long seq) {
		if (holds && (!this.holding || !epoch.equals(this.epoch))) {
			this.epoch = epoch;
			this.seq = seq;
			logger.info("Feed {}: this instance ({}) publishes now, epoch {}, after seq {}", this.id, this.instance,
					epoch, seq);
		}
		this.holding = holds;
	}

	/** Appends as the next seq if this instance holds the lease; else null. */
	FeedEvent append(long ts, EventJson json) {
		String epoch;
		long next;
		synchronized (this) {
			if (!this.holding || !this.availability.available()) {
				return null;
			}
			epoch = this.epoch;
			next = this.seq + 1;
		}
		String text = json.make(next, ts, epoch);
		FeedScripts.AppendReply answer;
		try {
			answer = FeedScripts.append(this.redis, this.keys, this.instance, epoch, next, this.windowSize, text, ts);
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return null;
		}
		synchronized (this) {
			switch (answer.outcome()) {
				case WRITTEN -> {
					this.seq = next;
					// it reaches the window through the reader, like any other event
					return FeedEvent.of(next, ts, text);
				}
				case LEASE_LOST -> {
					this.holding = false;
					logger.info("Feed {}: lost the publisher's lease to another instance", this.id);
				}
				case OUT_OF_STEP -> {
					this.epoch = answer.epoch();
					this.seq = answer.seq();
					if (this.epoch.isEmpty()) {
						// the history is gone: the next sync starts a new one
						this.holding = false;
					}
				}
			}
			return null;
		}
	}

}
