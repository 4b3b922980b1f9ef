package dev.transportlab.feed.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;

import dev.transportlab.LabProperties;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code lab.feed-log=redis}: feeds keep their history in Redis Streams. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lab.feed-log", havingValue = "redis")
class RedisFeedLogConfiguration {

	@Bean
	RedisFeedLogs redisFeedLogs(StringRedisTemplate redis, RedisConnectionFactory factory, LabProperties properties,
			Environment environment) {
		return new RedisFeedLogs(redis, factory, properties,
				environment.getProperty("spring.data.redis.timeout", Duration.class, Duration.ofSeconds(60)));
	}

	/**
	 * While Redis is away, commands fail at once instead of queueing until the timeout: a
	 * request that touches Redis answers quickly, and nothing stale is sent when it
	 * returns.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

}
