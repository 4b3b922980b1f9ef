package dev.transportlab.feed.redis;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.FeedLogs;
import dev.transportlab.tools.client.LabServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import tools.jackson.databind.JsonNode;

import static dev.transportlab.feed.redis.RedisTestSupport.get;
import static dev.transportlab.feed.redis.RedisTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default: nothing about Redis exists, health is what it was. */
class MemoryModeTests {

	@Test
	void nothingAboutRedisStartsUnlessChosen() throws Exception {
		try (ConfigurableApplicationContext app = LabServer.start(0)) {
			assertThat(app.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
			assertThat(app.getBeanNamesForType(FeedLogs.class)).isEmpty();
			JsonNode health = get(url(app) + "/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.has("components")).as("health as before: %s", health).isFalse();
			JsonNode live = get(url(app) + "/api/feeds/live");
			assertThat(live.get("log").get("type").asString()).isEqualTo("memory");
			assertThat(live.get("log").get("state").asString()).isEqualTo("ok");
		}
	}

	@Test
	void anUnknownFeedLogStopsTheStartWithTheAllowedValues() {
		assertThatThrownBy(() -> LabServer.start(0, "lab.feed-log=redsi"))
			.hasStackTraceContaining("lab.feed-log (LAB_FEED_LOG) must be memory or redis, got 'redsi'");
	}

}
