package dev.transportlab.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The TLS front of the compose profile {@code tls} (nginx terminating TLS with HTTP/2), run
 * from Debian's nginx through the documented command {@code docker/tls-local.sh run} with
 * the same {@code docker/nginx/tls.conf.template}, on a free port in front of an app on
 * loopback, through the toolkit's one nginx launcher ({@link NginxProcess}). Its certificate is a throwaway one the script makes; {@link #sslContext()}
 * trusts exactly that certificate, and browsers get --ignore-certificate-errors.
 * <pre>
 * try (TlsFront front = TlsFront.start(appPort, Duration.ofSeconds(60))) {
 *     browser.open(front.baseUrl() + "/sse");
 * }
 * </pre>
 */
public final class TlsFront implements AutoCloseable {

	/** The documented command, relative to the project root (the working directory of Maven runs). */
	public static final Path SCRIPT = Path.of("docker", "tls-local.sh");

	private final NginxProcess nginx;

	private TlsFront(NginxProcess nginx) {
		this.nginx = nginx;
	}

	/** True when nginx, openssl and envsubst are installed (Debian: nginx openssl gettext-base). */
	public static boolean available() {
		return NginxProcess.installed() && Files.isExecutable(Path.of("/usr/bin/openssl"))
				&& Files.isExecutable(Path.of("/usr/bin/envsubst"));
	}

	/** Skips the calling test loudly without nginx; fails instead where browsers are required (CI). */
	public static void assumeAvailable() {
		if (available()) {
			return;
		}
		String message = "The TLS front needs nginx, openssl and envsubst (Debian: apt-get install nginx openssl gettext-base).";
		if (Browser.required()) {
			Assertions.fail(message + " They are mandatory here (CI=true or lab.browser.required=true).");
		}
		System.err.println("!!! SKIPPING: " + message);
		Assumptions.abort(message);
	}

	/**
	 * Starts the front on a free loopback port, proxying to the app on {@code appPort}, with
	 * nginx's proxy_read_timeout set to {@code readTimeout} (the compose default is 60 s).
	 */
	public static TlsFront start(int appPort, Duration readTimeout) {
		try {
			int port = LabServer.freePort();
			Path workDir = Path.of("target", "tls-front-" + port).toAbsolutePath();
			ProcessBuilder builder = new ProcessBuilder(SCRIPT.toAbsolutePath().toString(), "run");
			Map<String, String> env = builder.environment();
			env.put("TLS_PORT", String.valueOf(port));
			env.put("TLS_UPSTREAM", "127.0.0.1:" + appPort);
			env.put("TLS_READ_TIMEOUT", readTimeout.toMillis() + "ms");
			env.put("TLS_WORK_DIR", workDir.toString());
			// docker/nginx/local.conf.template puts the error log there
			return new TlsFront(
					NginxProcess.run(builder, port, workDir, workDir.resolve("error.log"), Duration.ofSeconds(30)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the TLS front started", ex);
		}
	}

	public int port() {
		return this.nginx.port();
	}

	/** https://127.0.0.1:port (the certificate names 127.0.0.1 and localhost). */
	public URI baseUrl() {
		return URI.create("https://127.0.0.1:" + port());
	}

	/** A TLS context that trusts this front's throwaway certificate and nothing else. */
	public SSLContext sslContext() {
		try (InputStream pem = Files.newInputStream(this.nginx.dir().resolve("cert").resolve("cert.pem"))) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("tls-front", CertificateFactory.getInstance("X.509").generateCertificate(pem));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** nginx's error log (upstream timeouts are logged there). */
	public String errorLog() {
		return this.nginx.errorLog();
	}

	@Override
	public void close() {
		this.nginx.close();
	}

}
