package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A link that really loses packets, for the lossy network profiles (docs/networks.md): a
 * network namespace of the run's own joined to this one by a veth pair. The browser connects
 * to the far end's address; inside the namespace nftables forwards every TCP segment back to
 * this side's address (the app and the TLS front listen on all interfaces) and drops a random
 * share of the segments it forwards, both ways. TCP sees real loss: retransmission timeouts,
 * congestion window cuts, head-of-line blocking.
 * <p>
 * Why not netem: this machine's kernel has no sch_netem ("Specified qdisc kind is unknown"),
 * so delay comes from DevTools and loss from nftables' random number generator. Needs root,
 * iproute2 and nftables; the namespace (and with it the veth pair) is deleted on close and by
 * a shutdown hook.
 */
final class LossyLink implements AutoCloseable {

	private final String namespace;

	private final String hostAddress;

	private final String farAddress;

	private final Thread cleanup;

	private boolean closed;

	private LossyLink(String namespace, String hostAddress, String farAddress) {
		this.namespace = namespace;
		this.hostAddress = hostAddress;
		this.farAddress = farAddress;
		this.cleanup = new Thread(this::delete, "lossy-link-cleanup");
		Runtime.getRuntime().addShutdownHook(this.cleanup);
	}

	static LossyLink create() {
		long pid = ProcessHandle.current().pid();
		// a /30 and interface names (at most 15 characters) of this process's own
		int net = (int) (pid % 250) + 1;
		String ns = "tl-loss-" + pid;
		String host = "tlh" + pid % 100_000;
		String far = "tln" + pid % 100_000;
		LossyLink link = new LossyLink(ns, "10.213." + net + ".1", "10.213." + net + ".2");
		try {
			run("ip", "netns", "add", ns);
			run("ip", "link", "add", host, "type", "veth", "peer", "name", far, "netns", ns);
			run("ip", "addr", "add", link.hostAddress + "/30", "dev", host);
			run("ip", "link", "set", host, "up");
			run("ip", "netns", "exec", ns, "ip", "addr", "add", link.farAddress + "/30", "dev", far);
			run("ip", "netns", "exec", ns, "ip", "link", "set", far, "up");
			run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
			String rules = """
					table ip lab {
					  chain pre { type nat hook prerouting priority dstnat; ip daddr %1$s dnat to %2$s; }
					  chain post { type nat hook postrouting priority srcnat; oifname "%3$s" ip daddr %2$s masquerade; }
					  chain loss { type filter hook forward priority 0; }
					}
					""".formatted(link.farAddress, link.hostAddress, far);
			runWithInput(rules, "ip", "netns", "exec", ns, "nft", "-f", "-");
			return link;
		}
		catch (RuntimeException ex) {
			link.close();
			throw new IllegalStateException("Cannot make the lossy link (needs root, iproute2 and nftables): "
					+ ex.getMessage(), ex);
		}
	}

	/** The address the browser uses: its segments cross the lossy namespace both ways. */
	String address() {
		return this.farAddress;
	}

	/** Drops this share (percent) of the forwarded segments each way; 0 drops none. */
	void setLoss(double percent) {
		run("ip", "netns", "exec", this.namespace, "nft", "flush", "chain", "ip", "lab", "loss");
		if (percent > 0) {
			// numgen draws 0..9999 per segment: percent * 100 of them drop it
			String below = String.format(Locale.ROOT, "%d", Math.round(percent * 100));
			run("ip", "netns", "exec", this.namespace, "nft", "add", "rule", "ip", "lab", "loss", "numgen", "random",
					"mod", "10000", "<", below, "counter", "drop");
		}
	}

	/** Segments dropped so far (nft's counter), for the report. */
	long dropped() {
		String out = run("ip", "netns", "exec", this.namespace, "nft", "list", "chain", "ip", "lab", "loss");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(out);
		return m.find() ? Long.parseLong(m.group(1)) : 0;
	}

	@Override
	public synchronized void close() {
		delete();
		try {
			Runtime.getRuntime().removeShutdownHook(this.cleanup);
		}
		catch (IllegalStateException ex) {
			// shutting down already
		}
	}

	private synchronized void delete() {
		if (!this.closed) {
			this.closed = true;
			try {
				run("ip", "netns", "del", this.namespace); // takes the veth pair with it
			}
			catch (RuntimeException ex) {
				System.err.println("lossy link: " + ex.getMessage());
			}
		}
	}

	private static String run(String... command) {
		return runWithInput(null, command);
	}

	private static String runWithInput(String input, String... command) {
		try {
			Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
			if (input != null) {
				process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
			}
			process.getOutputStream().close();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + ": " + out.strip());
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
