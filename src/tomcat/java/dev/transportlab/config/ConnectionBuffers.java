package dev.transportlab.config;

import dev.transportlab.LabProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes what Tomcat keeps per connection: the application read and write buffers from
 * {@code lab.http.socket-buffer}, the servlet response buffer from
 * {@code lab.http.response-buffer}. With thousands of open push connections they are
 * most of the server's memory.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final int socketBytes;

	private final int responseBytes;

	ConnectionBuffers(LabProperties properties) {
		this.socketBytes = (int) properties.http().socketBuffer().toBytes();
		this.responseBytes = (int) properties.http().responseBuffer().toBytes();
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.setProtocol(LeanHttp11NioProtocol.class.getName());
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(this.socketBytes));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(this.socketBytes));
			connector.setProperty("desiredBufferSize", Integer.toString(this.responseBytes));
		});
	}

}
