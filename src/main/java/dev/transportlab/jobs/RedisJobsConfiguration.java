package dev.transportlab.jobs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lab.feed-log=redis}: jobs are seen from every instance (their views and cancels
 * in Redis beside the feeds' streams). Kept here, not in feed/redis, so that feed/ never
 * imports jobs/.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lab.feed-log", havingValue = "redis")
class RedisJobsConfiguration {

	@Bean
	SharedJobs redisSharedJobs(StringRedisTemplate redis, JsonMapper json) {
		return new RedisSharedJobs(redis, json);
	}

}
