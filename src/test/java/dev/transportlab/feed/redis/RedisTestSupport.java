package dev.transportlab.feed.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.JsonHttp;
import dev.transportlab.tools.client.LabServer;
import dev.transportlab.tools.client.NginxProcess;
import dev.transportlab.tools.client.RedisProcess;

import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the Redis tests share: real redis-server and nginx, app instances in Redis mode.
 */
final class RedisTestSupport {

	private RedisTestSupport() {
	}

	/**
	 * Debian's redis-server (and nginx when asked) must be there: in CI a missing one
	 * fails the run; elsewhere the test is skipped, loudly.
	 */
	static void requireServers(boolean nginx) {
		List<String> missing = new ArrayList<>();
		if (!RedisProcess.installed()) {
			missing.add(RedisProcess.BINARY + " (apt-get install redis-server)");
		}
		if (nginx && !NginxProcess.installed()) {
			missing.add(NginxProcess.BINARY + " (apt-get install nginx)");
		}
		if (missing.isEmpty()) {
			return;
		}
		String message = "Redis feed log tests need " + String.join(" and ", missing);
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message + ": they are mandatory in CI");
		}
		System.err.println("\n********************************************************************\n* SKIPPED: "
				+ message + "\n********************************************************************\n");
		Assumptions.abort(message);
	}

	/** The settings of an instance in Redis mode; {@code extra} as name=value. */
	static List<String> redisMode(int redisPort, String... extra) {
		List<String> settings = new ArrayList<>(
				List.of("lab.feed-log=redis", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
						"lab.redis.lease-ttl=1500ms", "lab.feed.rate=50", "lab.feed.markers=5"));
		settings.addAll(List.of(extra));
		return settings;
	}

	/**
	 * On a port the kernel picks: one probed free could be taken before the server binds
	 * it.
	 */
	static ConfigurableApplicationContext instance(int redisPort, String... extra) throws IOException {
		return LabServer.start(0, redisMode(redisPort, extra).toArray(String[]::new));
	}

	static String url(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + LabServer.port(context);
	}

	static JsonNode get(String url) throws Exception {
		var response = JsonHttp.get(url);
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return JsonHttp.parse(response.body());
	}

	/**
	 * Every item an event, each seq one more than the one before, all in one epoch:
	 * nothing lost, nothing twice.
	 */
	static void assertContiguous(String client, List<FeedItem> items) {
		assertThat(items).as("%s received nothing", client).isNotEmpty();
		FeedItem previous = null;
		for (FeedItem item : items) {
			assertThat(item.isGap()).as("%s got a gap notice: %s", client, item.raw()).isFalse();
			if (previous != null) {
				assertThat(item.epoch()).as("%s: epoch after seq %d", client, previous.seq())
					.isEqualTo(previous.epoch());
				assertThat(item.seq()).as("%s: the event after seq %d", client, previous.seq())
					.isEqualTo(previous.seq() + 1);
			}
			previous = item;
		}
	}

}
