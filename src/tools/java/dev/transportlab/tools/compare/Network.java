package dev.transportlab.tools.compare;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

import dev.transportlab.tools.client.TlsFront;

/**
 * The comparison run's protocol and network axes (docs/networks.md). {@code h1} goes straight
 * to the app; {@code h2} goes through the TLS front (Debian's nginx with the compose profile's
 * configuration, {@link TlsFront}). A network profile's latency and throughput are applied in
 * the browser through the DevTools protocol (Network.emulateNetworkConditions); its packet
 * loss, which DevTools cannot emulate for HTTP, is real: TCP segments dropped by the kernel on
 * a link of the run's own ({@link LossyLink}).
 */
final class Network implements AutoCloseable {

	static final List<String> PROTOCOLS = List.of("h1", "h2");

	/**
	 * A named network profile. Latency is DevTools' per-request latency (ms added before a
	 * response's headers arrive); throughput in kbit/s each way, 0 for no limit; loss in
	 * percent of TCP segments each way.
	 */
	record Profile(String name, int latencyMs, int downKbps, int upKbps, double lossPercent, String like) {

		boolean throttled() {
			return this.latencyMs > 0 || this.downKbps > 0 || this.upKbps > 0;
		}

		boolean lossy() {
			return this.lossPercent > 0;
		}

		String describe() {
			return String.format(Locale.ROOT, "%s: %d ms, %s down, %s up, %s loss (%s)", this.name, this.latencyMs,
					kbps(this.downKbps), kbps(this.upKbps), Figures.num(this.lossPercent, 1) + " %", this.like);
		}

		static String kbps(int kbps) {
			if (kbps == 0) {
				return "unlimited";
			}
			if (kbps < 1000) {
				return kbps + " kbit/s";
			}
			return (kbps % 1000 == 0 ? String.valueOf(kbps / 1000) : Figures.num(kbps / 1000.0, 1)) + " Mbit/s";
		}

	}

	/** The one definition of the profiles; docs/networks.md shows this table (NetworkTests checks it). */
	static final List<Profile> PROFILES = List.of(new Profile("loopback", 0, 0, 0, 0, "the machine itself"),
			new Profile("wifi", 20, 30_000, 15_000, 0, "a good home Wi-Fi"),
			new Profile("4g", 60, 12_000, 5_000, 0, "a 4G phone with fair signal"),
			new Profile("3g-lossy", 300, 1_600, 750, 2, "a 3G phone at the edge of a cell"));

	static final List<String> NAMES = PROFILES.stream().map(Profile::name).toList();

	static Profile profile(String name) {
		return PROFILES.stream()
			.filter(p -> p.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no network profile '" + name + "'; known: " + NAMES));
	}

	/** Where the browser reaches the app on loopback: the counting relay in front of it. */
	private final URI appUrl;

	/** Every scenario of a run with a throttled profile goes through DevTools, loopback too. */
	private final boolean emulate;

	private boolean enabled;

	private TlsFront front;

	private LossyLink link;

	Network(URI appUrl, List<String> networks) {
		this.appUrl = appUrl;
		this.emulate = networks.stream().map(Network::profile).anyMatch(Profile::throttled);
	}

	/**
	 * Where the relay listens: loopback, or every interface when a lossy profile brings the
	 * browser in over the lossy link's veth.
	 */
	static java.net.InetAddress relayAddress(ComparisonOptions options) {
		boolean lossy = options.networks().stream().map(Network::profile).anyMatch(Profile::lossy);
		try {
			return lossy ? java.net.InetAddress.getByName("0.0.0.0") : java.net.InetAddress.getLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the run needs the browser to accept the TLS front's throwaway certificate. */
	static boolean needsTls(ComparisonOptions options) {
		return options.protocols().contains("h2");
	}

	/**
	 * Applies the profile to the browser and returns the base URL the scenario's page must
	 * use for this protocol and network (starting the TLS front and the lossy link on first use).
	 */
	URI prepare(WebDriver driver, String protocol, String network) {
		Profile profile = profile(network);
		if (this.emulate) {
			if (!(driver instanceof HasCdp cdp)) {
				throw new IllegalStateException("network profiles need the local Chromium (DevTools protocol)");
			}
			if (!this.enabled) {
				// without Network.enable Chromium ignores the conditions; small buffers, since
				// DevTools keeps bodies and frames it sees (the same cost on every profile)
				cdp.executeCdpCommand("Network.enable",
						Map.of("maxTotalBufferSize", 100_000, "maxResourceBufferSize", 10_000));
				this.enabled = true;
			}
			URI base = baseUrl(protocol, profile);
			String ws = base.toString().replaceFirst("^http", "ws");
			// only the feed's own traffic: the page's clock sync (/api/time) stays unthrottled,
			// since DevTools delays the response alone and would skew the NTP-style offset by
			// half the latency (push events would show negative latency)
			cdp.executeCdpCommand("Network.emulateNetworkConditionsByRule", Map.of("offline", false,
					"matchedNetworkConditions",
					List.of(conditions(base + "/api/feeds/*", profile), conditions(ws + "/ws/*", profile))));
		}
		return baseUrl(protocol, profile);
	}

	private static Map<String, Object> conditions(String urlPattern, Profile profile) {
		Map<String, Object> conditions = new LinkedHashMap<>();
		conditions.put("urlPattern", urlPattern);
		conditions.put("latency", profile.latencyMs());
		// bytes per second; -1 switches the limit off
		conditions.put("downloadThroughput", profile.downKbps() == 0 ? -1 : profile.downKbps() * 1000 / 8);
		conditions.put("uploadThroughput", profile.upKbps() == 0 ? -1 : profile.upKbps() * 1000 / 8);
		return conditions;
	}

	private URI baseUrl(String protocol, Profile profile) {
		String host = "127.0.0.1";
		if (profile.lossy()) {
			if (this.link == null) {
				this.link = LossyLink.create();
			}
			this.link.setLoss(profile.lossPercent());
			host = this.link.address();
		}
		if ("h2".equals(protocol)) {
			if (this.front == null) {
				this.front = TlsFront.start(this.appUrl.getPort(), java.time.Duration.ofSeconds(60));
			}
			return URI.create("https://" + host + ":" + this.front.port());
		}
		return URI.create(this.appUrl.getScheme() + "://" + host + ":" + this.appUrl.getPort());
	}

	@Override
	public void close() {
		if (this.front != null) {
			this.front.close();
		}
		if (this.link != null) {
			this.link.close();
		}
	}

}
