package dev.transportlab.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The newest benchmark results posted by browsers, kept in memory and bounded: the oldest
 * one goes when a new one arrives at capacity, so a busy workshop cannot grow the heap.
 */
@Component
class BenchResults {

	static final int CAPACITY = 200;

	private final Deque<StoredResult> results = new ArrayDeque<>();

	private final int capacity;

	private final Clock clock;

	private long lastId;

	@Autowired
	BenchResults() {
		this(CAPACITY, Clock.systemUTC());
	}

	BenchResults(int capacity, Clock clock) {
		this.capacity = capacity;
		this.clock = clock;
	}

	synchronized StoredResult add(BenchResult result) {
		StoredResult stored = new StoredResult(++this.lastId, Instant.now(this.clock), result);
		if (this.results.size() == this.capacity) {
			this.results.removeFirst();
		}
		this.results.addLast(stored);
		return stored;
	}

	/** Newest first. */
	synchronized List<StoredResult> newest(int limit) {
		List<StoredResult> newest = new ArrayList<>(Math.min(limit, this.results.size()));
		Iterator<StoredResult> it = this.results.descendingIterator();
		while (it.hasNext() && newest.size() < limit) {
			newest.add(it.next());
		}
		return newest;
	}

	synchronized Optional<StoredResult> find(long id) {
		return this.results.stream().filter(r -> r.id() == id).findFirst();
	}

	int capacity() {
		return this.capacity;
	}

	record StoredResult(long id, Instant receivedAt, BenchResult result) {
	}

}
