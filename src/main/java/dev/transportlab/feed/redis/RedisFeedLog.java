package dev.transportlab.feed.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.transportlab.feed.EventJson;
import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedLog;
import dev.transportlab.feed.FeedLogUnavailableException;
import dev.transportlab.feed.Epochs;
import dev.transportlab.feed.FeedSettings;
import dev.transportlab.feed.InMemoryFeedLog;
import dev.transportlab.feed.Transport;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.MapRecord;

/**
 * One feed's history in Redis, as seen by one instance (keys: {@link FeedScripts.Keys}).
 * The instance holding the lease appends with a script that checks the lease and the seq;
 * every instance, the publisher included, gets the events back from the shared reader
 * ({@link RedisStreamReader}) into a local window, and its clients read only that window.
 */
final class RedisFeedLog implements FeedLog {

	private static final Logger logger = LoggerFactory.getLogger(RedisFeedLog.class);

	private final RedisFeedLogs logs;

	private final String id;

	final FeedScripts.Keys keys;

	/** Generated feeds (live, benchmark) may be published by any instance having them. */
	private final boolean generated;

	/** May take the lease: any instance for a generated feed, the maker for a job. */
	private final boolean mayPublish;

	private final boolean owner;

	private volatile FeedSettings settings;

	/** Replaced, never cleared, when the epoch changes or the stream skipped ahead. */
	private volatile InMemoryFeedLog window;

	/** Bumped with every new window: a read started for an older one is dropped. */
	private volatile int generation;

	private volatile boolean seen;

	private Listener listener = () -> {
	};

	private final RedisPublisher publisher;

	RedisFeedLog(RedisFeedLogs logs, String id, FeedSettings settings, boolean owner) {
		this.logs = logs;
		this.id = id;
		this.keys = FeedScripts.Keys.of(id);
		this.publisher = new RedisPublisher(logs.redis(), logs.availability(), logs.instance(), logs.windowSize(), id,
				this.keys);
		this.settings = settings;
		this.generated = settings != null && settings.rate() != null;
		this.owner = owner;
		this.mayPublish = this.generated || owner;
		// until Redis answers: an epoch of its own, so nothing resumes into it by mistake
		this.window = logs.newWindow(Epochs.next());
	}

	String id() {
		return this.id;
	}

	@Override
	public String epoch() {
		return this.window.epoch();
	}

	@Override
	public long head() {
		return this.window.head();
	}

	@Override
	public long oldest() {
		return this.window.oldest();
	}

	@Override
	public List<FeedEvent> readAfter(long after, int max) {
		return this.window.readAfter(after, max);
	}

	@Override
	public void watch(Listener listener) {
		this.listener = listener;
	}

	@Override
	public boolean available() {
		return this.logs.available();
	}

	@Override
	public Map<String, Object> describe() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("type", "redis");
		state.put("state", this.logs.available() ? "ok" : "unavailable");
		state.put("instance", this.logs.instance());
		state.put("publisher", this.publisher.holding());
		return state;
	}

	@Override
	public Map<Transport, Integer> clients(Map<Transport, Integer> local) {
		return this.logs.presence().withOtherInstances(this.id, local);
	}

	Map<Transport, Integer> localClients() {
		return this.listener.localClients();
	}

	@Override
	public void saveSettings(FeedSettings changed) {
		try {
			this.logs.redis()
				.opsForHash()
				.putAll(this.keys.meta(),
						Map.of("rate", String.valueOf(changed.rate()), "markers", String.valueOf(changed.markers())));
			this.settings = changed;
		}
		catch (RuntimeException ex) {
			this.logs.failed(ex);
			throw new FeedLogUnavailableException(
					"Redis (the shared feed log) cannot be reached, so the change would not reach the other instances; "
							+ "try again when GET /api/feeds/" + this.id + " shows \"log\":{\"state\":\"ok\"}.",
					ex);
		}
	}

	@Override
	public FeedEvent append(long ts, EventJson json) {
		return this.publisher.append(ts, json);
	}

	// ---- keeping in step (sync thread) ------------------------------------------------

	/**
	 * Renews (or, when {@code mayLease}, takes) the lease, adopts a new epoch and shared
	 * settings.
	 */
	void sync(boolean mayLease) {
		InMemoryFeedLog current = this.window;
		FeedSettings local = this.settings;
		FeedScripts.SyncReply answer = FeedScripts.sync(this.logs.redis(), this.keys,
				new FeedScripts.SyncRequest(this.logs.instance(), this.logs.leaseMillis(), this.mayPublish && mayLease,
						Epochs.next(), local, (this.generated || this.owner) ? this.logs.keyTtlMillis(this.id) : 0,
						current.epoch(), current.head(), this.mayPublish));
		if (!answer.exists()) {
			if (this.seen) {
				logger.info("Feed {} ended on another instance", this.id);
				this.listener.vanished();
			}
			return;
		}
		boolean first = !this.seen;
		this.seen = true;
		String epoch = answer.epoch();
		long seq = answer.seq();
		if (!epoch.equals(current.epoch())) {
			// the first answer replaces the provisional epoch: no history was lost
			replaceWindow(current, epoch, first ? null : "Redis has epoch " + epoch);
		}
		this.publisher.leaseAnswered(answer.leaseHeld(), epoch, seq);
		FeedSettings shared = answer.settings();
		if (this.generated && shared != null && !shared.equals(local)) {
			this.settings = shared;
			this.listener.settingsChanged(shared);
		}
	}

	/** Fills a new window with what the stream still has, before anyone reads it. */
	void load() {
		List<MapRecord<String, Object, Object>> newestFirst = this.logs.redis()
			.opsForStream()
			.reverseRange(this.keys.stream(), Range.unbounded(), Limit.limit().count(this.logs.windowSize()));
		if (newestFirst == null || newestFirst.isEmpty()) {
			return;
		}
		List<MapRecord<String, Object, Object>> records = new ArrayList<>(newestFirst);
		Collections.reverse(records);
		InMemoryFeedLog current = this.window;
		for (MapRecord<String, Object, Object> record : records) {
			Map<Object, Object> fields = record.getValue();
			if (!current.epoch().equals(fields.get("e"))) {
				return; // the epoch moved on meanwhile: the reader starts it over
			}
			add(current, record.getId().getTimestamp(), Long.parseLong((String) fields.get("t")),
					(String) fields.get("d"));
		}
		this.listener.appended();
	}

	// ---- reading (reader thread) ------------------------------------------------------

	/** Where the reader goes on: after the window's newest seq. */
	String offset() {
		return this.window.head() + "-0";
	}

	int generation() {
		return this.generation;
	}

	/** Entries the reader got for this stream with an offset from {@code generation}. */
	void received(List<ByteRecord> records, int generation) {
		if (generation != this.generation) {
			return; // read for a window that was replaced meanwhile
		}
		InMemoryFeedLog current = this.window;
		boolean added = false;
		for (ByteRecord record : records) {
			Map<String, String> fields = new LinkedHashMap<>();
			record.getValue()
				.forEach((key, value) -> fields.put(new String(key, StandardCharsets.UTF_8),
						new String(value, StandardCharsets.UTF_8)));
			String epoch = fields.get("e");
			if (!current.epoch().equals(epoch)) {
				// a new history began and this instance has not synced yet: start over
				replaceWindow(current, epoch, "the stream has entries of epoch " + epoch);
				return;
			}
			long seq = record.getId().getTimestamp();
			if (seq <= current.head()) {
				continue;
			}
			if (seq > current.head() + 1 && current.head() > 0) {
				// the stream was trimmed past this instance (it fell behind): the window
				// starts again at what is still there; clients behind get an expired gap
				logger.warn("Feed {}: missed seq {}..{} (the stream was trimmed); the window starts at {}", this.id,
						current.head() + 1, seq - 1, seq);
				current = this.logs.newWindow(current.epoch());
				this.window = current;
				this.generation++;
			}
			add(current, seq, Long.parseLong(fields.get("t")), fields.get("d"));
			added = true;
		}
		if (added) {
			this.logs.arrived(this);
			this.listener.appended();
		}
	}

	private static void add(InMemoryFeedLog window, long seq, long ts, String json) {
		if (seq == window.head() + 1 || window.head() == 0) {
			window.add(FeedEvent.of(seq, ts, json));
		}
	}

	private synchronized void replaceWindow(InMemoryFeedLog expected, String epoch, String why) {
		if (this.window != expected) {
			return;
		}
		if (why != null) {
			logger.warn("Feed {}: history lost ({}), new epoch {} replaces {}", this.id, why, epoch, expected.epoch());
		}
		this.window = this.logs.newWindow(epoch);
		this.generation++;
		this.logs.wakeReader();
		this.listener.appended(); // clients learn of the new epoch with a gap notice
	}

	@Override
	public boolean awaitHead(long seq, long timeoutMillis) {
		return this.logs.awaitHead(this, seq, timeoutMillis);
	}

	@Override
	public void close(boolean removed) {
		this.logs.closed(this, removed && this.owner && !this.generated);
	}

	@Override
	public String toString() {
		return this.id;
	}

}
