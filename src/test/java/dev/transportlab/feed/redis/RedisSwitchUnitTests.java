package dev.transportlab.feed.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code lab.feed-log} decides whether Spring's Redis auto-configuration runs at all: off
 * in memory mode (no connection is ever tried), on in Redis mode, the reactive and
 * repository parts always off; the value is checked and written back in lower case.
 */
class RedisSwitchUnitTests {

	private static final String PACKAGE = "org.springframework.boot.data.redis.autoconfigure.";

	@Test
	void memoryModeSwitchesRedisOffAndKeepsTheUsersOwnExcludes() {
		StandardEnvironment environment = environment(Map.of("spring.autoconfigure.exclude", "com.example.Mine"));
		new RedisSwitch().postProcessEnvironment(environment, null);
		List<String> exclude = excludes(environment);
		assertThat(exclude).contains("com.example.Mine", PACKAGE + "DataRedisAutoConfiguration",
				PACKAGE + "health.DataRedisHealthContributorAutoConfiguration",
				PACKAGE + "observation.LettuceObservationAutoConfiguration",
				PACKAGE + "DataRedisReactiveAutoConfiguration", PACKAGE + "DataRedisRepositoriesAutoConfiguration",
				PACKAGE + "health.DataRedisReactiveHealthContributorAutoConfiguration");
		assertThat(environment.getProperty("lab.feed-log")).isEqualTo("memory");
		assertThat(environment.getProperty("management.endpoint.health.show-components")).isNull();
	}

	@Test
	void redisModeKeepsTheConnectionAndShowsItsHealth() {
		StandardEnvironment environment = environment(Map.of("lab.feed-log", " Redis "));
		new RedisSwitch().postProcessEnvironment(environment, null);
		List<String> exclude = excludes(environment);
		assertThat(exclude).containsExactlyInAnyOrder(PACKAGE + "DataRedisReactiveAutoConfiguration",
				PACKAGE + "DataRedisRepositoriesAutoConfiguration",
				PACKAGE + "health.DataRedisReactiveHealthContributorAutoConfiguration");
		assertThat(environment.getProperty("lab.feed-log")).isEqualTo("redis");
		assertThat(environment.getProperty("management.endpoint.health.show-components")).isEqualTo("always");
	}

	@Test
	void aSettingOfTheUsersOwnWinsOverTheHealthDefault() {
		StandardEnvironment environment = environment(
				Map.of("lab.feed-log", "redis", "management.endpoint.health.show-components", "never"));
		new RedisSwitch().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("management.endpoint.health.show-components")).isEqualTo("never");
	}

	@Test
	void theChoiceIsMemoryByDefaultAndAnythingButMemoryOrRedisIsRefused() {
		assertThat(RedisSwitch.chosen(environment(Map.of()))).isFalse();
		assertThat(RedisSwitch.chosen(environment(Map.of("lab.feed-log", "MEMORY")))).isFalse();
		assertThat(RedisSwitch.chosen(environment(Map.of("lab.feed-log", "redis")))).isTrue();
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisSwitch.chosen(environment(Map.of("lab.feed-log", "postgres"))))
			.withMessage("lab.feed-log (LAB_FEED_LOG) must be memory or redis, got 'postgres'");
	}

	private static StandardEnvironment environment(Map<String, Object> values) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(values)));
		return environment;
	}

	private static List<String> excludes(StandardEnvironment environment) {
		return List.of(environment.getProperty("spring.autoconfigure.exclude", "").split(","));
	}

}
