package dev.transportlab.config;

import java.util.Map;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lab.http.socket-buffer} and Tomcat's accept count reach Jetty's connector: read
 * back from a real server's connector after the factory's customizers ran, so a
 * customizer that is never registered, or sets something else, fails here.
 */
class JettyConnectionsTests {

	@Test
	void theSettingSizesJettysResponseBufferAndTheBacklog() {
		Server server = customized(Map.of("lab.http.socket-buffer", "3KB"), 128);
		ServerConnector connector = (ServerConnector) server.getConnectors()[0];
		HttpConfiguration http = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
		assertThat(http.getOutputBufferSize()).isEqualTo(3072);
		assertThat(http.getOutputAggregationSize()).isEqualTo(3072);
		assertThat(connector.getAcceptQueueSize()).isEqualTo(128);
	}

	@Test
	void theDefaultIsOneKilobyteNotJettysThirtyTwo() {
		Server server = customized(Map.of(), 4096);
		HttpConfiguration http = server.getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class)
			.getHttpConfiguration();
		assertThat(http.getOutputBufferSize()).isEqualTo(1024);
		assertThat(http.getOutputAggregationSize()).isEqualTo(1024);
	}

	private static Server customized(Map<String, String> settings, int acceptCount) {
		LabProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("lab",
				LabProperties.class);
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
		new JettyConnections(properties, acceptCount).customize(factory);
		assertThat(factory.getServerCustomizers()).isNotEmpty();
		Server server = new Server();
		server.addConnector(new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration())));
		factory.getServerCustomizers().forEach((customizer) -> customizer.customize(server));
		return server;
	}

}
