package dev.transportlab.transport.websocket;

import dev.transportlab.LabProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The Spring engine at /ws/spring/feeds/{id}, beside the direct engine at /ws/feeds/{id}
 * ({@link FeedSocketController}), so that what a framework costs per connection can be
 * measured. Origins: same-origin only unless {@code lab.allowed-origins} names more; a
 * foreign Origin gets 403 at the handshake. With {@code lab.websocket.compression} off
 * the client's offer of permessage-deflate is declined; on, Tomcat compresses every
 * message once per connection.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

	private final FeedWebSocketHandler handler;

	private final FeedHandshakeInterceptor interceptor;

	private final LabProperties properties;

	WebSocketConfig(FeedWebSocketHandler handler, FeedHandshakeInterceptor interceptor, LabProperties properties) {
		this.handler = handler;
		this.interceptor = interceptor;
		this.properties = properties;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		boolean compression = this.properties.websocket().compression();
		registry.addHandler(this.handler, "/ws/spring/feeds/*")
			.setHandshakeHandler(new DefaultHandshakeHandler(
					compression ? new StandardWebSocketUpgradeStrategy() : new UncompressedUpgradeStrategy()))
			.addInterceptors(this.interceptor)
			.setAllowedOrigins(this.properties.allowedOrigins().toArray(String[]::new));
	}

	/** Client messages are tiny resume requests: anything bigger closes with 1009. */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(this.properties.websocket().maxTextMessageSize());
		container.setMaxBinaryMessageBufferSize(1024);
		return container;
	}

}
