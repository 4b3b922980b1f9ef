package dev.transportlab.config;

import java.lang.reflect.Method;
import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketProperties;
import org.junit.jupiter.api.Test;

import dev.transportlab.LabProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lab.http.socket-buffer} and {@code lab.http.response-buffer} reach Tomcat: the
 * connector's endpoint really has read and write buffers of that size, and the responses
 * the connector makes really have that buffer. Read back from Tomcat, not from what was
 * set, so a property name Tomcat does not know (setProperty then returns false and
 * changes nothing) fails here.
 */
class ConnectionBuffersTests {

	@Test
	void theSettingSizesTomcatsReadAndWriteBuffers() throws Exception {
		SocketProperties socket = customized(Map.of("lab.http.socket-buffer", "3KB"));
		assertThat(socket.getAppReadBufSize()).isEqualTo(3072);
		assertThat(socket.getAppWriteBufSize()).isEqualTo(3072);
	}

	@Test
	void theDefaultIsOneKilobyteNotTomcatsEight() throws Exception {
		SocketProperties socket = customized(Map.of());
		assertThat(socket.getAppReadBufSize()).isEqualTo(1024);
		assertThat(socket.getAppWriteBufSize()).isEqualTo(1024);
	}

	@Test
	void theResponseBufferIsTheSettingNotTomcatsEightKilobytes() {
		assertThat(connector(Map.of()).createResponse(new org.apache.coyote.Response()).getBufferSize())
			.isEqualTo(2048);
		assertThat(connector(Map.of("lab.http.response-buffer", "3KB")).createResponse(new org.apache.coyote.Response())
			.getBufferSize()).isEqualTo(3072);
	}

	private static SocketProperties customized(Map<String, String> settings) throws Exception {
		// the endpoint is the protocol handler's (protected accessor)
		Method endpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
		endpoint.setAccessible(true);
		return ((AbstractEndpoint<?, ?>) endpoint.invoke(connector(settings).getProtocolHandler()))
			.getSocketProperties();
	}

	private static Connector connector(Map<String, String> settings) {
		LabProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("lab",
				LabProperties.class);
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new ConnectionBuffers(properties).customize(factory);
		Connector connector = new Connector(factory.getProtocol());
		assertThat(factory.getConnectorCustomizers()).isNotEmpty();
		factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
		return connector;
	}

}
