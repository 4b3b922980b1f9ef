package dev.transportlab.feed;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The registry of feeds without Spring, on a clock the test moves: the live feed before
 * and after start, benchmark feeds (ids, defaults, private ones, the cap, changes and
 * their limits), published feeds, removal, idle removal of benchmark feeds only, and a
 * stop that says goodbye to every feed and a start that makes a fresh live feed.
 */
class FeedRegistryUnitTests {

	static final LabProperties PROPERTIES = new Binder(
			new MapConfigurationPropertySource(Map.of("lab.feed.rate", "40", "lab.feed.markers", "3",
					"lab.limits.max-rate", "100", "lab.limits.max-markers", "50", "lab.limits.max-rate-times-markers",
					"1000", "lab.limits.max-bench-feeds", "2", "lab.limits.bench-feed-idle-timeout", "10s")))
		.bindOrCreate("lab", LabProperties.class);

	private static final Pattern MARKERS = Pattern.compile("\"markers\":\\[(.*)\\],\"metrics\"");

	private final FeedTests.MutableClock clock = new FeedTests.MutableClock();

	private final FeedRegistry feeds = new FeedRegistry(PROPERTIES, this.clock);

	@AfterEach
	void stop() {
		this.feeds.stop();
	}

	@Test
	void theLiveFeedExistsBeforeStartWithTheConfiguredSettingsAndTicksOnlyAfterIt() throws Exception {
		Feed live = this.feeds.get(FeedRegistry.LIVE);
		assertThat(live.id()).isEqualTo("live");
		assertThat(live.settings()).isEqualTo(new FeedSettings(40, 3));
		assertThat(live.isGenerated()).isTrue();
		assertThat(live.catchUp()).isEqualTo(CatchUp.LATEST);
		assertThat(this.feeds.all()).containsExactly(live);
		assertThat(this.feeds.isRunning()).isFalse();
		Thread.sleep(200);
		assertThat(live.head()).as("no ticks before start").isZero();
		this.feeds.start();
		assertThat(this.feeds.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> live.head() >= 3);
		FeedEvent event = live.read(ResumePoint.after(0)).events().get(0);
		assertThat(event.seq()).isEqualTo(1);
		assertThat(event.json()).startsWith("{\"seq\":1,\"ts\":" + event.ts() + ",\"epoch\":\"" + live.epoch() + "\"");
		assertThat(markers(event)).isEqualTo(3);
	}

	@Test
	void benchmarkFeedsAreNumberedTakeTheDefaultsForWhatTheyLeaveOutAndAreCapped() {
		Feed first = this.feeds.create(new FeedSettings(20, null));
		Feed second = this.feeds.create(new FeedSettings(null, 7), true);
		assertThat(first.id()).isEqualTo("bench-1");
		assertThat(first.settings()).isEqualTo(new FeedSettings(20, 3));
		assertThat(second.id()).isEqualTo("bench-private-2");
		assertThat(second.settings()).isEqualTo(new FeedSettings(40, 7));
		assertThat(FeedRegistry.isPrivate(second.id())).isTrue();
		assertThat(FeedRegistry.isPrivate(first.id())).isFalse();
		assertThat(FeedRegistry.isPrivate("live")).isFalse();
		assertThat(this.feeds.get("bench-1")).isSameAs(first);
		assertThat(this.feeds.get("bench-private-2")).isSameAs(second);
		// published feeds and live do not count against the cap of 2
		this.feeds.createPublished("job-1");
		assertThatExceptionOfType(FeedLimitException.class).isThrownBy(() -> this.feeds.create(new FeedSettings(1, 1)))
			.withMessage("At most 2 benchmark feeds may exist at once (lab.limits.max-bench-feeds);"
					+ " unused ones vanish after 10 s.")
			.satisfies(ex -> assertThat(ex.retryLater()).isTrue());
		this.feeds.remove("bench-1");
		assertThat(this.feeds.create(new FeedSettings(null, null)).id()).as("numbers are not reused")
			.isEqualTo("bench-3");
	}

	@Test
	void aBenchmarkFeedOverTheLimitsIsNotMade() {
		assertThatExceptionOfType(FeedLimitException.class)
			.isThrownBy(() -> this.feeds.create(new FeedSettings(101, null)))
			.withMessage("rate must be 1..100 events/s, got 101")
			.satisfies(ex -> assertThat(ex.retryLater()).isFalse());
		assertThat(this.feeds.all()).hasSize(1);
		// a refused request takes no number
		assertThat(this.feeds.create(new FeedSettings(null, null)).id()).isEqualTo("bench-1");
	}

	@Test
	void aGeneratedFeedChangesWithinTheLimitsAndTicksWithItsNewMarkers() throws Exception {
		Feed feed = this.feeds.create(new FeedSettings(50, 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.head() >= 1);
		assertThat(markers(feed.read(ResumePoint.after(0)).events().get(0))).isEqualTo(2);
		assertThat(this.feeds.update(feed.id(), new FeedSettings(null, 5))).isSameAs(feed);
		assertThat(feed.settings()).isEqualTo(new FeedSettings(50, 5));
		long changedAt = feed.head();
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.head() >= changedAt + 2);
		// the event in the making at the change may have either count; the next has 5
		assertThat(markers(feed.read(ResumePoint.after(changedAt + 1)).events().get(0))).isEqualTo(5);
		assertThatExceptionOfType(FeedLimitException.class)
			.isThrownBy(() -> this.feeds.update(feed.id(), new FeedSettings(100, 11)))
			.withMessage("rate x markers must be <= 1000 (lab.limits.max-rate-times-markers), got 100 x 11 = 1100");
		assertThat(feed.settings()).isEqualTo(new FeedSettings(50, 5));
	}

	@Test
	void aPublishedFeedHasNoRateToChangeAndNoTwoHaveTheSameId() {
		Feed job = this.feeds.createPublished("job-7", CatchUp.HISTORY);
		Feed other = this.feeds.createPublished("other");
		assertThat(job.isGenerated()).isFalse();
		assertThat(job.catchUp()).isEqualTo(CatchUp.HISTORY);
		assertThat(other.catchUp()).isEqualTo(CatchUp.LATEST);
		assertThat(job.settings()).isEqualTo(new FeedSettings(null, null));
		assertThatIllegalStateException().isThrownBy(() -> this.feeds.createPublished("job-7"))
			.withMessage("feed job-7 exists");
		assertThat(this.feeds.get("job-7")).isSameAs(job);
		assertThatExceptionOfType(FeedLimitException.class)
			.isThrownBy(() -> this.feeds.update("job-7", new FeedSettings(5, null)))
			.withMessage("Feed 'job-7' is not generated: it has no rate or markers to change.")
			.satisfies(ex -> assertThat(ex.retryLater()).isFalse());
		assertThat(this.feeds.nextNumber("job", 12)).as("no shared log: the local number").isEqualTo(12);
	}

	@Test
	void aRemovedFeedIsClosedAndUnknownAndUnknownIdsAreRefused() {
		Feed job = this.feeds.createPublished("job-3");
		this.feeds.remove("job-3");
		this.feeds.remove("never-was");
		assertThat(job.isClosed()).isTrue();
		assertThat(this.feeds.all()).extracting(Feed::id).containsExactly("live");
		for (String id : new String[] { "job-3", "bench-9", "nope", "bench-" + "x".repeat(70) }) {
			assertThatExceptionOfType(UnknownFeedException.class).isThrownBy(() -> this.feeds.get(id));
		}
	}

	@Test
	void onlyBenchmarkFeedsIdleLongerThanTheTimeoutAreRemoved() {
		Feed idle = this.feeds.create(new FeedSettings(1, 1));
		Feed job = this.feeds.createPublished("job-1");
		this.clock.advance(Duration.ofSeconds(11));
		Feed fresh = this.feeds.create(new FeedSettings(1, 1));
		this.feeds.start();
		// the sweep runs every 5 s
		await().atMost(Duration.ofSeconds(8)).until(idle::isClosed);
		assertThat(this.feeds.all()).extracting(Feed::id).containsExactlyInAnyOrder("live", "job-1", fresh.id());
		assertThat(fresh.isClosed()).isFalse();
		assertThat(job.isClosed()).isFalse();
		assertThatExceptionOfType(UnknownFeedException.class).isThrownBy(() -> this.feeds.get(idle.id()));
	}

	@Test
	void stopClosesEveryFeedAndStartMakesAFreshLiveFeed() throws Exception {
		this.feeds.start();
		Feed live = this.feeds.get(FeedRegistry.LIVE);
		Feed bench = this.feeds.create(new FeedSettings(10, 1));
		this.feeds.stop();
		assertThat(this.feeds.isRunning()).isFalse();
		assertThat(live.isClosed()).isTrue();
		assertThat(bench.isClosed()).isTrue();
		long head = live.head();
		Thread.sleep(150);
		assertThat(live.head()).as("no ticks after stop").isEqualTo(head);
		this.feeds.start();
		Feed again = this.feeds.get(FeedRegistry.LIVE);
		assertThat(again).isNotSameAs(live);
		assertThat(again.isClosed()).isFalse();
		await().atMost(Duration.ofSeconds(5)).pollInterval(10, TimeUnit.MILLISECONDS).until(() -> again.head() >= 1);
	}

	private static int markers(FeedEvent event) {
		Matcher matcher = MARKERS.matcher(event.json());
		assertThat(matcher.find()).as(event.json()).isTrue();
		return matcher.group(1).split("\\],\\[").length;
	}

}
