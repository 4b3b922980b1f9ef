package dev.transportlab.feed.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Redis is used only when {@code lab.feed-log=redis}. The starter is always on the class
 * path, so in memory mode this switches its auto-configuration off (connection factory,
 * templates, health indicator): startup and /actuator/health stay as they were, and no
 * connection is ever attempted. The reactive and repository parts are never needed. The
 * lab's own Redis beans use {@code @ConditionalOnProperty}; that cannot be put on
 * Spring's auto-configuration, hence this exclude list. It also checks the value and
 * writes it back in lower case, so that both see the same choice.
 */
public final class RedisSwitch implements EnvironmentPostProcessor {

	static final String PROPERTY = "lab.feed-log";

	private static final String PACKAGE = "org.springframework.boot.data.redis.autoconfigure.";

	private static final List<String> ALWAYS_OFF = List.of(PACKAGE + "DataRedisReactiveAutoConfiguration",
			PACKAGE + "DataRedisRepositoriesAutoConfiguration",
			PACKAGE + "health.DataRedisReactiveHealthContributorAutoConfiguration");

	private static final List<String> OFF_IN_MEMORY_MODE = List.of(PACKAGE + "DataRedisAutoConfiguration",
			PACKAGE + "health.DataRedisHealthContributorAutoConfiguration",
			PACKAGE + "observation.LettuceObservationAutoConfiguration");

	static boolean chosen(Environment environment) {
		String value = environment.getProperty(PROPERTY, "memory").strip();
		if (!value.equalsIgnoreCase("memory") && !value.equalsIgnoreCase("redis")) {
			throw new IllegalStateException(PROPERTY + " (LAB_FEED_LOG) must be memory or redis, got '" + value + "'");
		}
		return value.equalsIgnoreCase("redis");
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<String> exclude = new ArrayList<>(List
			.of(Binder.get(environment).bind("spring.autoconfigure.exclude", String[].class).orElse(new String[0])));
		exclude.addAll(ALWAYS_OFF);
		if (!chosen(environment)) {
			exclude.addAll(OFF_IN_MEMORY_MODE);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("labFeedLog", Map.of("spring.autoconfigure.exclude",
					String.join(",", exclude), PROPERTY, chosen(environment) ? "redis" : "memory")));
		if (chosen(environment)) {
			// /actuator/health shows Redis as its own component (a default: settings win)
			environment.getPropertySources()
				.addLast(new MapPropertySource("labFeedLogDefaults",
						Map.of("management.endpoint.health.show-components", "always")));
		}
	}

}
