package dev.transportlab.feed.redis;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose's cluster profile, docker/cluster-local.sh and the tests run the same Redis and
 * nginx configuration files; the nginx one passes SSE and WebSocket through.
 */
class ClusterFilesTests {

	@Test
	@SuppressWarnings("unchecked")
	void composeTheScriptAndTheTestsShareTheConfigurationFiles() throws IOException {
		Map<String, Object> compose;
		try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
			compose = new Yaml().load(reader);
		}
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		for (String service : List.of("redis", "app1", "app2", "nginx")) {
			assertThat((List<String>) services.get(service).get("profiles")).as(service).containsExactly("cluster");
		}
		assertThat(services.get("app").get("profiles")).as("the app alone stays the default").isNull();
		assertThat((List<String>) services.get("redis").get("volumes"))
			.contains("./docker/redis/redis.conf:/usr/local/etc/redis/redis.conf:ro");
		assertThat((List<String>) services.get("nginx").get("volumes"))
			.contains("./docker/nginx/cluster.conf.template:/etc/nginx/templates/cluster.conf.template:ro");
		assertThat((List<String>) services.get("app1").get("environment")).contains("LAB_FEED_LOG=redis");

		String script = Files.readString(Path.of("docker/cluster-local.sh"));
		assertThat(script).contains("docker/redis/redis.conf", "docker/nginx/cluster.conf.template",
				"docker/nginx/nginx-local.conf", "/usr/bin/redis-server", "/usr/sbin/nginx");
	}

	@Test
	void nginxPassesStreamsAndUpgradesThroughAndWaitsLongerThanTheHeartbeats() throws IOException {
		String conf = Files.readString(Path.of("docker/nginx/cluster.conf.template"));
		assertThat(conf).contains("proxy_buffering off;", "proxy_http_version 1.1;",
				"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $lab_connection;",
				"server ${LAB_APP1}", "server ${LAB_APP2}", "listen ${LAB_PROXY_PORT};");
		int readTimeout = Integer.parseInt(conf.replaceAll("(?s).*proxy_read_timeout (\\d+)s;.*", "$1"));
		// SSE heartbeat 15 s, WebSocket ping 20 s, longest long poll 30 s
		// (application.yml)
		assertThat(readTimeout).isGreaterThan(30);
	}

}
