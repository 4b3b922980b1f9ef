package dev.transportlab.config;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.transportlab.LabProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Jetty's side of what Tomcat's connector settings do (the Jetty build, mvn -Pjetty): the
 * response buffer each connection holds while it writes is {@code lab.http.socket-buffer}
 * (Jetty's default is 32 KB, kept for the life of an SSE stream or WebSocket; bigger
 * writes go to the socket without a copy), and the listen backlog is Tomcat's
 * {@code accept-count} (Jetty's default leaves the JVM's 50). Max connections and the
 * idle timeout are Boot's own {@code server.jetty.*} settings (application.yml).
 */
@Component
class JettyConnections implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

	private final int bytes;

	private final int acceptQueue;

	JettyConnections(LabProperties properties, @Value("${server.tomcat.accept-count:4096}") int acceptQueue) {
		this.bytes = (int) properties.http().socketBuffer().toBytes();
		this.acceptQueue = acceptQueue;
	}

	@Override
	public void customize(JettyServletWebServerFactory factory) {
		factory.addServerCustomizers(this::customize);
	}

	void customize(Server server) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector) {
				serverConnector.setAcceptQueueSize(this.acceptQueue);
			}
			HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
			if (http != null) {
				HttpConfiguration config = http.getHttpConfiguration();
				config.setOutputBufferSize(this.bytes);
				config.setOutputAggregationSize(this.bytes);
			}
		}
	}

}
