package dev.transportlab.tools.compare;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.WebDriver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.TcpProxy;

/**
 * Checks the comparison's wire figures against a packet capture: the packaged app behind
 * the same relay and {@link WireMeter} as the comparison run, tcpdump on loopback filtered
 * to the relay's port, and for each transport one benchmark-page scenario. The capture's
 * TCP payload bytes are replayed, connection by connection in capture order, through a
 * second WireMeter, and each transport's bytes down and up from the relay are set against
 * the capture's: they must agree within --tolerance.
 * <p>
 * {@code java -cp <test classpath> dev.transportlab.tools.compare.WireCaptureCheck --jar target/transport-lab-0.1.0-SNAPSHOT.jar}
 * (as root, for tcpdump); docs/benchmark.md, "Checking the wire figures".
 */
@Command(name = "WireCaptureCheck", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
		description = "Sets the relay's per-transport wire bytes against a tcpdump capture of the same connections.")
public final class WireCaptureCheck implements Callable<Integer> {

	@Option(names = "--jar", paramLabel = "PATH", defaultValue = "target/transport-lab-0.1.0-SNAPSHOT.jar",
			description = "the packaged app (default: ${DEFAULT-VALUE})")
	Path jar;

	@Option(names = "--transports", paramLabel = "LIST", defaultValue = "polling,long-polling,websocket,sse,fetch",
			split = ",", description = "transports to check (default: ${DEFAULT-VALUE})")
	List<String> transports;

	@Option(names = "--rate", paramLabel = "R", defaultValue = "10",
			description = "feed rate in events/s (default: ${DEFAULT-VALUE})")
	int rate;

	@Option(names = "--markers", paramLabel = "M", defaultValue = "100",
			description = "markers per event (default: ${DEFAULT-VALUE})")
	int markers;

	@Option(names = "--duration", paramLabel = "S", defaultValue = "8",
			description = "seconds measured per transport (default: ${DEFAULT-VALUE})")
	int duration;

	@Option(names = "--compression", paramLabel = "on|off", defaultValue = "on",
			description = "the app's compression settings, as in the comparison run (default: ${DEFAULT-VALUE})")
	String compression;

	@Option(names = "--tolerance", paramLabel = "PERCENT", defaultValue = "5",
			description = "largest difference allowed, in percent of the capture (default: ${DEFAULT-VALUE})")
	double tolerance;

	@Option(names = "--out", paramLabel = "DIR", defaultValue = "target/wire-check",
			description = "where the capture, the app's log and wire-check.md go (default: ${DEFAULT-VALUE})")
	Path out;

	private final PrintStream console = System.out;

	public static void main(String[] args) {
		System.exit(new CommandLine(new WireCaptureCheck()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Files.createDirectories(this.out);
		Path pcap = this.out.resolve("relay.pcap");
		String loadBefore = Machine.loadAverage();
		List<Row> rows = new ArrayList<>();
		JsonMapper json = JsonMapper.builder()
			.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		WireMeter meter = new WireMeter();
		Map<String, List<String>> keysByTransport = new HashMap<>();
		int relayPort;
		try (AppProcess app = AppProcess.start(this.jar, "-Xms256m -Xmx1g", Pass.appArgs(this.compression),
				this.out, false, this.console); TcpProxy relay = TcpProxy.start(app.baseUrl().getPort(), meter)) {
			relayPort = relay.port();
			Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-s", "0", "-U", "-w", pcap.toString(), "tcp port "
					+ relayPort).redirectErrorStream(true).redirectOutput(this.out.resolve("tcpdump.log").toFile()).start();
			Thread.sleep(1500); // tcpdump opens the interface
			Browser browser = Browser.start("en-US", 1280, 1000);
			try {
				WebDriver driver = browser.driver();
				java.net.URI url = java.net.URI.create("http://127.0.0.1:" + relayPort);
				for (String transport : this.transports) {
					Set<String> before = meter.keys();
					Scenario scenario = new Scenario(transport, this.rate, this.markers, "coalesced", this.compression,
							this.duration, 100, 0.5);
					BenchPage.Outcome outcome = BenchPage.run(driver, url, scenario, json);
					String kind = WireMeter.kind(transport) + " ";
					List<String> keys = meter.keys()
						.stream()
						.filter(key -> key.startsWith(kind) && !before.contains(key))
						.toList();
					long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
					while (meter.open(keys) > 0 && System.nanoTime() < deadline) {
						Thread.sleep(50);
					}
					keysByTransport.put(transport, keys);
					this.console.println(transport + ": " + (outcome.result() != null ? "measured, keys " + keys
							: "page error " + outcome.error()));
				}
				driver.get("about:blank");
			}
			finally {
				browser.close();
			}
			Thread.sleep(1000);
			tcpdump.destroy(); // SIGTERM: tcpdump writes out what it buffered
			tcpdump.waitFor(10, TimeUnit.SECONDS);
		}
		WireMeter captured = replay(pcap, relayPort);
		for (String transport : this.transports) {
			List<String> keys = keysByTransport.getOrDefault(transport, List.of());
			WireMeter.Totals relayTotals = WireMeter.Totals.sum(transport, keys.stream().map(meter::totals).toList());
			WireMeter.Totals captureTotals = WireMeter.Totals.sum(transport,
					keys.stream().map(captured::totals).toList());
			rows.add(new Row(transport, relayTotals.bytesDown(), captureTotals.bytesDown(), relayTotals.bytesUp(),
					captureTotals.bytesUp()));
		}
		long relayAllDown = meter.all().values().stream().mapToLong(WireMeter.Totals::bytesDown).sum();
		long relayAllUp = meter.all().values().stream().mapToLong(WireMeter.Totals::bytesUp).sum();
		long captureAllDown = captured.all().values().stream().mapToLong(WireMeter.Totals::bytesDown).sum();
		long captureAllUp = captured.all().values().stream().mapToLong(WireMeter.Totals::bytesUp).sum();
		rows.add(new Row("all traffic", relayAllDown, captureAllDown, relayAllUp, captureAllUp));
		String report = report(rows, loadBefore, Machine.loadAverage());
		Files.writeString(this.out.resolve("wire-check.md"), report);
		this.console.print(report);
		boolean ok = rows.stream().allMatch(row -> row.within(this.tolerance));
		this.console.println(ok ? "OK: every figure within " + this.tolerance + " %" : "FAILED: see above");
		return ok ? 0 : 1;
	}

	private String report(List<Row> rows, String loadBefore, String loadAfter) {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"# Wire figures against a packet capture%n%n%d events/s, %d markers, %d s per transport, compression %s; "
						+ "load average %s before, %s after.%n%n",
				this.rate, this.markers, this.duration, this.compression, loadBefore, loadAfter));
		md.append("| Traffic | Relay down B | Capture down B | Diff | Relay up B | Capture up B | Diff |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (Row row : rows) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %s |%n", row.traffic(), row.relayDown(),
					row.captureDown(), pct(row.relayDown(), row.captureDown()), row.relayUp(), row.captureUp(),
					pct(row.relayUp(), row.captureUp())));
		}
		return md.append('\n').toString();
	}

	private static String pct(long relay, long capture) {
		return capture == 0 ? (relay == 0 ? "0 %" : "n/a") : String.format(Locale.ROOT, "%+.2f %%", diff(relay, capture));
	}

	static double diff(long relay, long capture) {
		return capture == 0 ? (relay == 0 ? 0 : Double.POSITIVE_INFINITY) : (relay - capture) * 100.0 / capture;
	}

	/** One line of the check. */
	record Row(String traffic, long relayDown, long captureDown, long relayUp, long captureUp) {

		boolean within(double tolerance) {
			return this.captureDown > 0 && Math.abs(diff(this.relayDown, this.captureDown)) <= tolerance
					&& Math.abs(diff(this.relayUp, this.captureUp)) <= tolerance;
		}

	}

	/**
	 * The TCP payload of a pcap file (Ethernet or Linux cooked link layer, IPv4 or IPv6),
	 * connection by connection and in capture order, through a fresh WireMeter: up is toward
	 * {@code port}, down from it. A segment that repeats bytes already seen (a retransmission)
	 * adds only what is new.
	 */
	static WireMeter replay(Path pcap, int port) throws IOException {
		WireMeter meter = new WireMeter();
		Map<Integer, WireMeter.Connection> connections = new HashMap<>();
		Map<String, Long> nextSeq = new HashMap<>();
		try (InputStream in = Files.newInputStream(pcap); DataInputStream data = new DataInputStream(in)) {
			byte[] global = data.readNBytes(24);
			if (global.length < 24) {
				throw new IOException(pcap + " is not a pcap file");
			}
			ByteBuffer header = ByteBuffer.wrap(global);
			int magic = header.getInt(0);
			ByteOrder order = (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) ? ByteOrder.BIG_ENDIAN
					: ByteOrder.LITTLE_ENDIAN;
			header.order(order);
			int linkType = header.getInt(20);
			while (true) {
				byte[] recordHeader = data.readNBytes(16);
				if (recordHeader.length < 16) {
					break;
				}
				int captured = ByteBuffer.wrap(recordHeader).order(order).getInt(8);
				byte[] packet = data.readNBytes(captured);
				Segment segment = Segment.parse(packet, linkType);
				if (segment == null || segment.length() == 0) {
					continue;
				}
				boolean up = segment.dstPort() == port;
				if (!up && segment.srcPort() != port) {
					continue;
				}
				int clientPort = up ? segment.srcPort() : segment.dstPort();
				String flow = clientPort + (up ? "u" : "d");
				long seq = segment.seq() & 0xffffffffL;
				long end = seq + segment.length();
				Long expected = nextSeq.get(flow);
				int skip = 0;
				if (expected != null) {
					if (end <= expected) {
						continue; // all of it seen before
					}
					if (seq < expected) {
						skip = (int) (expected - seq);
					}
				}
				nextSeq.put(flow, end);
				WireMeter.Connection connection = connections.computeIfAbsent(clientPort,
						p -> (WireMeter.Connection) meter.open(connections.size() + 1, p));
				int offset = segment.offset() + skip;
				int length = segment.length() - skip;
				if (up) {
					connection.up(packet, offset, length);
				}
				else {
					connection.down(packet, offset, length);
				}
			}
		}
		connections.values().forEach(WireMeter.Connection::closed);
		return meter;
	}

	/** Where a TCP segment's payload lies in a captured packet. */
	record Segment(int srcPort, int dstPort, int seq, int offset, int length) {

		static Segment parse(byte[] p, int linkType) {
			int ip;
			int etherType;
			switch (linkType) {
				case 1 -> { // Ethernet (what tcpdump -i lo writes on Linux)
					ip = 14;
					etherType = u16(p, 12);
				}
				case 113 -> { // Linux cooked v1
					ip = 16;
					etherType = u16(p, 14);
				}
				case 276 -> { // Linux cooked v2
					ip = 20;
					etherType = u16(p, 0);
				}
				default -> {
					return null;
				}
			}
			int tcp;
			int ipEnd;
			if (etherType == 0x0800 && p[ip + 9] == 6) {
				tcp = ip + (p[ip] & 0x0f) * 4;
				ipEnd = ip + u16(p, ip + 2);
			}
			else if (etherType == 0x86dd && p[ip + 6] == 6) {
				tcp = ip + 40;
				ipEnd = tcp + u16(p, ip + 4);
			}
			else {
				return null;
			}
			int payload = tcp + ((p[tcp + 12] >> 4) & 0x0f) * 4;
			int length = Math.min(ipEnd, p.length) - payload;
			return new Segment(u16(p, tcp), u16(p, tcp + 2), ByteBuffer.wrap(p, tcp + 4, 4).getInt(), payload,
					Math.max(0, length));
		}

		private static int u16(byte[] p, int at) {
			return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
		}

	}

}
