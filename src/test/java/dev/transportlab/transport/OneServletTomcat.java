package dev.transportlab.transport;

import java.nio.file.Files;

import jakarta.servlet.http.HttpServlet;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat with one async servlet on a free port, no Spring: for the sinks'
 * fast tests (SseSinkUnitTests, FeedSocketUnitTests), which talk to it over plain
 * sockets.
 */
public final class OneServletTomcat implements AutoCloseable {

	private final Tomcat tomcat = new Tomcat();

	private final int port;

	public OneServletTomcat(String path, HttpServlet servlet) throws Exception {
		this.tomcat.setBaseDir(Files.createTempDirectory("one-servlet-tomcat-").toString());
		this.tomcat.setPort(0);
		this.tomcat.getConnector();
		Context context = this.tomcat.addContext("", null);
		Wrapper wrapper = Tomcat.addServlet(context, "servlet", servlet);
		wrapper.setAsyncSupported(true);
		context.addServletMappingDecoded(path, "servlet");
		this.tomcat.start();
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() throws Exception {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

}
