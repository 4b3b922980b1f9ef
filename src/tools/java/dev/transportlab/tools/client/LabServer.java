package dev.transportlab.tools.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import dev.transportlab.TransportLabApplication;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real application in the test JVM, the way {@code main} does, for tests that
 * must stop and start it themselves (restart, shutdown) or share one instance across a
 * property-based test class.
 */
public final class LabServer {

	private LabServer() {
	}

	public static ConfigurableApplicationContext start(int port, String... properties) {
		// as command-line arguments: they win over application.yml, as they would for main
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(TransportLabApplication.class).bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/** A port nobody listens on right now, to start (and restart) a server on. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/**
	 * Collects every log event at WARN and above from the root logger. Attach it after the
	 * application started: Spring Boot resets logging when it starts.
	 */
	public static ListAppender<ILoggingEvent> captureWarnings() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
					super.append(event);
				}
			}
		};
		appender.setName("reliability-capture");
		appender.start();
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
		return appender;
	}

	public static void release(ListAppender<ILoggingEvent> appender) {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
		appender.stop();
	}

	public static List<String> errors(ListAppender<ILoggingEvent> appender) {
		synchronized (appender) { // AppenderBase appends under this lock
			return appender.list.stream()
				.filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
				.map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()
						+ (event.getThrowableProxy() != null ? " (" + event.getThrowableProxy().getClassName() + ": "
								+ event.getThrowableProxy().getMessage() + ")" : ""))
				.toList();
		}
	}

}
