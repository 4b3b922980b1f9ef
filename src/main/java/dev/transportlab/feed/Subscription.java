package dev.transportlab.feed;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push client's place in a feed. It holds no queue of its own: it keeps a cursor into
 * the shared replay window and, when signalled, drains what is new into its sink. A
 * non-blocking sink is drained on the signalling thread (the feed's fan-out loop, or the
 * container's thread that says the connection can take more); a blocking one on a thread
 * of its own. A client that stops reading holds up only itself: it falls behind in the
 * window, and if the window moves past it, it gets a gap notice (reason overflow) and
 * goes on from the oldest event still kept.
 */
public final class Subscription {

	private static final Logger logger = LoggerFactory.getLogger(Subscription.class);

	private final Feed feed;

	private final Transport transport;

	private final FeedSink sink;

	private final Executor executor;

	/** Asked once: the sink's answer does not change, and signal() runs per event. */
	private final boolean nonBlocking;

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	/** Touched only by the drain, one thread at a time. */
	private ResumePoint position;

	private boolean positionIsOurs;

	private volatile ResumePoint requestedResume;

	private volatile boolean heartbeatDue;

	Subscription(Feed feed, Transport transport, ResumePoint from, FeedSink sink, Executor executor) {
		this.feed = feed;
		this.transport = transport;
		this.position = from;
		this.sink = sink;
		this.executor = executor;
		this.nonBlocking = sink.nonBlocking();
		sink.onWritable(this::signal);
	}

	public Transport transport() {
		return this.transport;
	}

	/** The client asked to continue from elsewhere (WebSocket resume message). */
	public void resume(ResumePoint from) {
		this.requestedResume = from;
		signal();
	}

	/** The client went away: stop without saying anything more. */
	public void cancel() {
		if (this.ended.compareAndSet(false, true)) {
			this.feed.unsubscribe(this);
		}
	}

	/** The client's token expired: the sink says so and closes (auth/TokenExpiry). */
	public void expire() {
		end(FeedSink.EndReason.AUTH_EXPIRED);
	}

	void end(FeedSink.EndReason reason) {
		if (this.ended.compareAndSet(false, true)) {
			this.feed.unsubscribe(this);
			this.sink.close(reason);
		}
	}

	void heartbeat() {
		this.heartbeatDue = true;
		signal();
	}

	void signal() {
		if (!this.ended.get() && this.scheduled.compareAndSet(false, true)) {
			if (this.nonBlocking) {
				drain();
			}
			else {
				this.executor.execute(this::drain);
			}
		}
	}

	/**
	 * A non-blocking sink that waited too long for its client ends the subscription; one
	 * that waits is asked again (a wake-up the container never sent costs a second, not
	 * the stream).
	 */
	void endIfStalled(long nowNanos) {
		if (!this.ended.get() && this.sink.stalled(nowNanos)) {
			end(FeedSink.EndReason.WRITE_FAILED);
		}
		else if (this.nonBlocking) {
			signal();
		}
	}

	private void drain() {
		try {
			do {
				while (!this.ended.get() && this.sink.writable() && step()) {
					// keep going while there is something to send
				}
				this.scheduled.set(false);
			}
			while (!this.ended.get() && hasWork() && this.scheduled.compareAndSet(false, true));
		}
		catch (Exception ex) {
			// the usual reason: the client went away mid-write
			logger.debug("{} subscriber of feed {} failed: {}", this.transport.key(), this.feed.id(), ex.toString());
			this.scheduled.set(false);
			end(FeedSink.EndReason.WRITE_FAILED);
		}
	}

	private boolean step() throws Exception {
		ResumePoint resume = this.requestedResume;
		if (resume != null) {
			this.requestedResume = null;
			this.position = resume;
			this.positionIsOurs = false;
		}
		Batch batch = this.feed.read(this.position);
		Gap gap = batch.gap();
		if (gap != null) {
			if (this.positionIsOurs && gap.reason() == Gap.Reason.EXPIRED) {
				gap = new Gap(Gap.Reason.OVERFLOW, gap.epoch(), gap.requested(), gap.missed(), gap.resumeAfter());
			}
			this.sink.sendGap(gap);
		}
		if (!batch.events().isEmpty()) {
			this.sink.sendEvents(batch.events());
		}
		this.position = new ResumePoint(batch.epoch(), batch.next());
		this.positionIsOurs = true;
		if (this.heartbeatDue) {
			this.heartbeatDue = false;
			this.sink.sendHeartbeat();
		}
		// Another read only when this one was cut at the batch limit: events that arrived
		// meanwhile are found by hasWork(), so the usual step (one new event) reads the
		// log once instead of twice, the second read finding nothing.
		return batch.more();
	}

	private boolean hasWork() {
		return this.sink.writable() && (this.requestedResume != null || this.heartbeatDue || this.position == null
				|| this.feed.head() > this.position.after());
	}

}
