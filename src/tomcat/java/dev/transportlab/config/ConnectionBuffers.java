package dev.transportlab.config;

import dev.transportlab.LabProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat's per-connection application buffers from {@code lab.http.socket-buffer}:
 * with thousands of open push connections they are most of the server's memory.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final int bytes;

	ConnectionBuffers(LabProperties properties) {
		this.bytes = (int) properties.http().socketBuffer().toBytes();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(this.bytes));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(this.bytes));
		});
	}

}
