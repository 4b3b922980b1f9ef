package dev.transportlab.feed.redis;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;
import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedLog;
import dev.transportlab.feed.FeedLogUnavailableException;
import dev.transportlab.feed.FeedSettings;
import dev.transportlab.feed.Transport;
import dev.transportlab.tools.client.RedisProcess;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Redis feed log without a Spring context: two or three {@link RedisFeedLogs} (as
 * many instances) on one real redis-server, each with its reader and sync threads. One
 * history per feed: every instance's window holds the same events in the same epoch; one
 * publisher at a time, a takeover that goes on from the last seq; a lost history is a new
 * epoch; settings, removal and client counts reach the other instances; an instance that
 * fell behind a trimmed stream starts its window at what is left; Redis away refuses what
 * would not reach the others.
 */
class RedisFeedLogUnitTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final LabProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(Map
		.of("lab.redis.lease-ttl", "600ms", "lab.replay.size", "20", "lab.limits.bench-feed-idle-timeout", "1s")))
		.bindOrCreate("lab", LabProperties.class);

	private static final FeedSettings PUBLISHED = new FeedSettings(null, null);

	private static final FeedSettings GENERATED = new FeedSettings(10, 5);

	private static RedisProcess redis;

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate template;

	private final List<RedisFeedLogs> instances = new ArrayList<>();

	@BeforeAll
	static void startRedis() throws Exception {
		RedisTestSupport.requireServers(false);
		redis = RedisProcess.start(Files.createTempDirectory("lab-redis-unit-"));
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
		factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()), client);
		factory.afterPropertiesSet();
		factory.start();
		template = new StringRedisTemplate(factory);
	}

	@AfterAll
	static void stopRedis() {
		if (factory != null) {
			factory.destroy();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void empty() throws Exception {
		redis.command("FLUSHALL");
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach(RedisFeedLogs::stop);
	}

	@Test
	void aPublishedFeedsEventsReachEveryInstanceInOrderAndOnlyItsMakerPublishes() {
		RedisFeedLogs a = instance();
		FeedLog log = a.open("job-1", PUBLISHED, true);
		Heard heard = new Heard();
		log.watch(heard);
		assertThat(holds(log)).as("no lease before the instance runs").isFalse();
		assertThat(append(log)).isNull();
		a.start();
		await().atMost(WAIT).until(() -> holds(log));
		long now = System.currentTimeMillis() * 1000;
		for (int i = 1; i <= 5; i++) {
			FeedEvent event = append(log, now + i);
			assertThat(event.seq()).isEqualTo(i);
			assertThat(event.ts()).isEqualTo(now + i);
		}
		// the publisher's own window fills from the stream, like everyone's
		await().atMost(WAIT).until(() -> log.head() == 5);
		// the reader adds a batch to the window before it tells the listener: awaited
		await().atMost(WAIT).untilAsserted(() -> assertThat(heard.appended.get()).isPositive());
		assertThat(log.oldest()).isEqualTo(1);
		List<FeedEvent> events = log.readAfter(0, 10);
		assertThat(events).extracting(FeedEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(events.get(2).json()).isEqualTo("{\"seq\":3,\"epoch\":\"" + log.epoch() + "\"}");
		assertThat(events.get(2).ts()).isEqualTo(now + 3);
		assertThat(log.describe()).containsEntry("type", "redis")
			.containsEntry("state", "ok")
			.containsEntry("publisher", true)
			.containsEntry("instance", a.instance());
		assertThat(log.available()).isTrue();

		RedisFeedLogs b = instance();
		b.start();
		FeedLog seen = b.open("job-1", PUBLISHED, false);
		// opened with the history already in it
		assertThat(seen.epoch()).isEqualTo(log.epoch());
		assertThat(seen.head()).isEqualTo(5);
		assertThat(seen.readAfter(0, 10)).extracting(FeedEvent::json)
			.containsExactlyElementsOf(events.stream().map(FeedEvent::json).toList());
		append(log);
		await().atMost(WAIT).until(() -> seen.head() == 6);
		assertThat(seen.awaitHead(6, 1000)).isTrue();
		assertThat(seen.awaitHead(7, 100)).isFalse();
		// a job's feed is published by its maker alone
		sleepAFewSyncs();
		assertThat(holds(seen)).isFalse();
		assertThat(append(seen)).isNull();
		assertThat(a.instance()).isNotEqualTo(b.instance());
	}

	@Test
	void aGeneratedFeedHasOnePublisherAndTheNextGoesOnFromItsLastSeq() {
		RedisFeedLogs a = started();
		RedisFeedLogs b = started();
		FeedLog onA = a.open("bench-1", GENERATED, true);
		FeedLog onB = b.open("bench-1", GENERATED, false);
		await().atMost(WAIT).until(() -> holds(onA) || holds(onB));
		sleepAFewSyncs();
		assertThat(holds(onA) ^ holds(onB)).as("exactly one publisher").isTrue();
		FeedLog publisher = holds(onA) ? onA : onB;
		FeedLog other = (publisher == onA) ? onB : onA;
		RedisFeedLogs publishing = (publisher == onA) ? a : b;
		assertThat(append(other)).isNull();
		for (int i = 0; i < 3; i++) {
			append(publisher);
		}
		await().atMost(WAIT).until(() -> other.head() == 3);
		String epoch = other.epoch();
		publisher.close(false); // releases the lease at once
		publishing.stop();
		await().atMost(WAIT).until(() -> holds(other));
		FeedEvent next = append(other);
		assertThat(next.seq()).isEqualTo(4);
		await().atMost(WAIT).until(() -> other.head() == 4);
		assertThat(other.epoch()).isEqualTo(epoch);
		assertThat(other.readAfter(0, 10)).extracting(FeedEvent::seq).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void aLostHistoryIsANewEpochAndTheWindowStartsOver() throws Exception {
		RedisFeedLogs a = started();
		FeedLog log = a.open("job-2", PUBLISHED, true);
		Heard heard = new Heard();
		log.watch(heard);
		await().atMost(WAIT).until(() -> holds(log));
		for (int i = 0; i < 3; i++) {
			append(log);
		}
		await().atMost(WAIT).until(() -> log.head() == 3);
		String first = log.epoch();
		sleepAFewSyncs(); // the notices of the three appends are in
		int told = heard.appended.get();
		redis.command("FLUSHALL");
		await().atMost(WAIT).until(() -> !log.epoch().equals(first));
		assertThat(log.head()).isZero();
		// the window is replaced just before the listener is called: wait for the notice
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(heard.appended.get()).as("clients are told of the new epoch").isGreaterThan(told));
		await().atMost(WAIT).until(() -> holds(log) && append(log) != null);
		await().atMost(WAIT).until(() -> log.head() == 1);
		assertThat(log.readAfter(0, 10).get(0).json()).contains("\"epoch\":\"" + log.epoch() + "\"");

		// Redis came back with less than this instance read: that history is gone too
		String second = log.epoch();
		append(log);
		await().atMost(WAIT).until(() -> log.head() == 2);
		redis.command("HSET", "lab:feed:job-2", "seq", "1");
		await().atMost(WAIT).until(() -> !log.epoch().equals(second));
		assertThat(log.head()).isZero();
	}

	@Test
	void changedSettingsReachTheOtherInstancesAndFindReadsThem() {
		RedisFeedLogs a = started();
		RedisFeedLogs b = started();
		FeedLog onA = a.open("bench-2", GENERATED, true);
		FeedLog onB = b.open("bench-2", GENERATED, false);
		Heard heardA = new Heard();
		Heard heardB = new Heard();
		onA.watch(heardA);
		onB.watch(heardB);
		onA.saveSettings(new FeedSettings(20, 7));
		await().atMost(WAIT).until(() -> heardB.settings.contains(new FeedSettings(20, 7)));
		sleepAFewSyncs();
		assertThat(heardA.settings).as("the instance that changed them knows").isEmpty();
		assertThat(heardB.settings).containsOnly(new FeedSettings(20, 7));
		assertThat(b.find("bench-2")).isEqualTo(new FeedSettings(20, 7));
		a.open("job-9", PUBLISHED, true);
		assertThat(b.find("job-9")).isEqualTo(PUBLISHED);
		assertThat(b.find("bench-99")).isNull();
	}

	@Test
	void aJobFeedRemovedByItsMakerVanishesEverywhereAGeneratedOneStays() {
		RedisFeedLogs a = started();
		RedisFeedLogs b = started();
		FeedLog job = a.open("job-3", PUBLISHED, true);
		FeedLog jobOnB = b.open("job-3", PUBLISHED, false);
		FeedLog bench = a.open("bench-3", GENERATED, true);
		FeedLog benchOnB = b.open("bench-3", GENERATED, false);
		Heard jobHeard = new Heard();
		Heard benchHeard = new Heard();
		jobOnB.watch(jobHeard);
		benchOnB.watch(benchHeard);
		sleepAFewSyncs();
		job.close(true);
		bench.close(true);
		await().atMost(WAIT).until(() -> jobHeard.vanished.get() > 0);
		assertThat(b.find("job-3")).isNull();
		sleepAFewSyncs();
		assertThat(benchHeard.vanished.get()).isZero();
		assertThat(b.find("bench-3")).isEqualTo(GENERATED);
	}

	@Test
	void numbersAreUniqueAcrossInstances() {
		RedisFeedLogs a = instance();
		RedisFeedLogs b = instance();
		assertThat(a.nextNumber("bench", 40)).isEqualTo(1);
		assertThat(b.nextNumber("bench", 40)).isEqualTo(2);
		assertThat(a.nextNumber("job", 40)).isEqualTo(1);
	}

	@Test
	void clientsOfEveryInstanceAddUpAndALeavingInstanceStopsCounting() {
		RedisFeedLogs a = started();
		RedisFeedLogs b = started();
		FeedLog onA = a.open("bench-4", GENERATED, true);
		FeedLog onB = b.open("bench-4", GENERATED, false);
		Heard heardA = new Heard();
		heardA.local = counts(2, 0, 1);
		onA.watch(heardA);
		onB.watch(new Heard());
		Map<Transport, Integer> local = counts(0, 3, 0);
		await().atMost(WAIT).until(() -> onB.clients(local).equals(counts(2, 3, 1)));
		assertThat(local).as("the caller's map is left alone").isEqualTo(counts(0, 3, 0));
		// a feed with no one elsewhere: just the local counts
		FeedLog alone = b.open("bench-5", GENERATED, false);
		assertThat(alone.clients(local)).isEqualTo(local);
		a.stop();
		await().atMost(WAIT).until(() -> onB.clients(local).equals(local));
	}

	@Test
	void anInstanceLeftBehindByATrimmedStreamStartsItsWindowAtWhatIsLeft() throws Exception {
		RedisFeedLogs a = started();
		RedisFeedLogs b = started();
		FeedLog log = a.open("job-4", PUBLISHED, true);
		FeedLog behind = b.open("job-4", PUBLISHED, false);
		await().atMost(WAIT).until(() -> holds(log));
		for (int i = 0; i < 3; i++) {
			append(log);
		}
		await().atMost(WAIT).until(() -> behind.head() == 3);
		b.stop();
		for (int i = 0; i < 27; i++) {
			append(log);
		}
		redis.command("XTRIM", "lab:feed:job-4:stream", "MAXLEN", "5");
		b.start();
		await().atMost(WAIT).until(() -> behind.head() == 30);
		assertThat(behind.oldest()).isEqualTo(26);
		assertThat(behind.readAfter(25, 10)).extracting(FeedEvent::seq).containsExactly(26L, 27L, 28L, 29L, 30L);
		assertThat(behind.epoch()).isEqualTo(log.epoch());
	}

	@Test
	void withRedisAwayNothingIsAppendedAndChangesAreRefusedUntilItIsBack() throws Exception {
		RedisFeedLogs a = started();
		FeedLog log = a.open("job-5", PUBLISHED, true);
		await().atMost(WAIT).until(() -> holds(log));
		append(log);
		await().atMost(WAIT).until(() -> log.head() == 1);
		redis.stopKeepingData();
		try {
			await().atMost(WAIT).until(() -> !log.available());
			assertThat(log.describe()).containsEntry("state", "unavailable");
			assertThat(append(log)).isNull();
			assertThatExceptionOfType(FeedLogUnavailableException.class)
				.isThrownBy(() -> log.saveSettings(new FeedSettings(1, 1)));
			assertThatExceptionOfType(FeedLogUnavailableException.class).isThrownBy(() -> a.nextNumber("job", 1));
			assertThat(a.find("job-5")).isNull();
		}
		finally {
			redis.start();
		}
		await().atMost(WAIT).until(log::available);
		await().atMost(WAIT).until(() -> append(log) != null);
		await().atMost(WAIT).until(() -> log.head() == 2);
		assertThat(log.describe()).containsEntry("state", "ok");
	}

	private RedisFeedLogs instance() {
		RedisFeedLogs logs = new RedisFeedLogs(template, factory, PROPERTIES, Duration.ofMillis(400));
		this.instances.add(logs);
		return logs;
	}

	private RedisFeedLogs started() {
		RedisFeedLogs logs = instance();
		logs.start();
		return logs;
	}

	private static boolean holds(FeedLog log) {
		return Boolean.TRUE.equals(log.describe().get("publisher"));
	}

	/** The sync thread runs every lease / 3 (200 ms here). */
	private static void sleepAFewSyncs() {
		try {
			Thread.sleep(700);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Appends an event whose JSON names its seq and epoch. */
	private static FeedEvent append(FeedLog log) {
		return append(log, System.currentTimeMillis() * 1000);
	}

	/** Appends an event made at {@code ts} (epoch microseconds). */
	private static FeedEvent append(FeedLog log, long ts) {
		return log.append(ts, (seq, at, epoch) -> "{\"seq\":" + seq + ",\"epoch\":\"" + epoch + "\"}");
	}

	private static Map<Transport, Integer> counts(int polling, int sse, int websocket) {
		Map<Transport, Integer> counts = new EnumMap<>(Transport.class);
		for (Transport transport : Transport.values()) {
			counts.put(transport, 0);
		}
		counts.put(Transport.POLLING, polling);
		counts.put(Transport.SSE, sse);
		counts.put(Transport.WEBSOCKET, websocket);
		return counts;
	}

	/** What a log told its feed. */
	static final class Heard implements FeedLog.Listener {

		final AtomicInteger appended = new AtomicInteger();

		final List<FeedSettings> settings = new CopyOnWriteArrayList<>();

		final AtomicInteger vanished = new AtomicInteger();

		volatile Map<Transport, Integer> local = Map.of();

		@Override
		public void appended() {
			this.appended.incrementAndGet();
		}

		@Override
		public void settingsChanged(FeedSettings changed) {
			this.settings.add(changed);
		}

		@Override
		public void vanished() {
			this.vanished.incrementAndGet();
		}

		@Override
		public Map<Transport, Integer> localClients() {
			return this.local;
		}

	}

}
