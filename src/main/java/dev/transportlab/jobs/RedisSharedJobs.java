package dev.transportlab.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs across instances: {@code lab:job:N} holds job N's view (JSON, expiring),
 * {@code lab:jobs} their ids, {@code lab:job:N:cancel} a cancel asked for on an instance
 * that does not run job N. The job's progress itself is its feed, {@code job-N}, in the
 * Redis feed log like any other feed.
 */
final class RedisSharedJobs implements SharedJobs {

	private static final String IDS = "lab:jobs";

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	RedisSharedJobs(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	@Override
	public void save(JobView view, Duration ttl) {
		this.redis.opsForValue().set(key(view.id()), this.json.writeValueAsString(view), ttl);
		this.redis.opsForZSet().add(IDS, Long.toString(view.id()), view.id());
	}

	@Override
	public JobView find(long id) {
		String json = this.redis.opsForValue().get(key(id));
		return (json != null) ? this.json.readValue(json, JobView.class) : null;
	}

	@Override
	public List<JobView> all() {
		Set<String> ids = this.redis.opsForZSet().range(IDS, 0, -1);
		List<JobView> views = new ArrayList<>();
		if (ids == null || ids.isEmpty()) {
			return views;
		}
		List<String> keys = ids.stream().map(id -> key(Long.parseLong(id))).toList();
		List<String> values = this.redis.opsForValue().multiGet(keys);
		int i = 0;
		for (String id : ids) {
			String json = values != null ? values.get(i++) : null;
			if (json != null) {
				views.add(this.json.readValue(json, JobView.class));
			}
			else {
				this.redis.opsForZSet().remove(IDS, id); // expired
			}
		}
		return views;
	}

	@Override
	public void remove(long id) {
		this.redis.delete(List.of(key(id), key(id) + ":cancel"));
		this.redis.opsForZSet().remove(IDS, Long.toString(id));
	}

	@Override
	public void requestCancel(long id) {
		this.redis.opsForValue().set(key(id) + ":cancel", "1", Duration.ofMinutes(1));
	}

	@Override
	public List<Long> cancelsRequested(List<Long> ids) {
		List<String> values = this.redis.opsForValue().multiGet(ids.stream().map(id -> key(id) + ":cancel").toList());
		List<Long> requested = new ArrayList<>();
		for (int i = 0; values != null && i < ids.size(); i++) {
			if (values.get(i) != null) {
				requested.add(ids.get(i));
			}
		}
		return requested;
	}

	private static String key(long id) {
		return "lab:job:" + id;
	}

}
