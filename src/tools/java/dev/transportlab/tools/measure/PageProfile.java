package dev.transportlab.tools.measure;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.transportlab.tools.client.AppProcess;
import dev.transportlab.tools.client.Browser;
import dev.transportlab.tools.client.ServerOptions;

/**
 * Where the page's main thread goes: the benchmark page runs one transport at a rate (as the
 * comparison run does), and Chromium's sampling profiler (CDP {@code Profiler}) records its
 * JavaScript for a few seconds in the middle of the scenario. Prints the share of samples
 * per function by self time, with {@code (idle)} (the main thread had nothing to do),
 * {@code (program)} (the browser's own work: parsing, layout, paint, IPC) and
 * {@code (garbage collector)} among them. A page that keeps its frame rate has idle time
 * left; one at 1.6 % idle is the bottleneck, whatever the transport does. Run it under
 * {@link Guarded} for a raw file with the load average and the noise guard's verdict:
 * <pre>
 * java -cp $CP dev.transportlab.tools.measure.PageProfile --transport websocket --rate 1000
 * </pre>
 */
@Command(name = "PageProfile", mixinStandardHelpOptions = true, showDefaultValues = true,
		description = "CPU profile of the benchmark page's main thread while one transport delivers events.")
public final class PageProfile implements Callable<Integer> {

	@Mixin
	ServerOptions server = new ServerOptions("target/page-profile", "-Xms256m -Xmx1g", "");

	@Option(names = "--transport", defaultValue = "websocket",
			description = "polling, long-polling, websocket, sse or fetch")
	String transport;

	@Option(names = "--rate", defaultValue = "1000", description = "events per second")
	int rate;

	@Option(names = "--markers", defaultValue = "100", description = "markers per event")
	int markers;

	@Option(names = "--warmup", defaultValue = "6", description = "seconds of the scenario before profiling")
	int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "4", description = "seconds profiled")
	int seconds;

	@Option(names = "--top", defaultValue = "25", description = "functions listed")
	int top;

	public static void main(String[] args) {
		System.exit(new CommandLine(new PageProfile()).execute(args));
	}

	@Override
	public Integer call() throws IOException, InterruptedException {
		PrintStream out = System.out;
		Files.createDirectories(this.server.out());
		try (AppProcess app = AppProcess.start(this.server.jar(), this.server.jvmArgs(), List.of(), this.server.out(),
				false, out, this.server.cpus()); Browser browser = Browser.start()) {
			int duration = this.warmupSeconds + this.seconds + 5;
			browser.open(app.baseUrl() + "/benchmark?transport=" + this.transport + "&rate=" + this.rate + "&markers="
					+ this.markers + "&duration=" + duration + "&autorun=1");
			out.printf(Locale.ROOT, "%s at %d events/s, %d markers: profiling %d s after %d s%n", this.transport,
					this.rate, this.markers, this.seconds, this.warmupSeconds);
			Thread.sleep(this.warmupSeconds * 1000L);
			browser.cdp("Profiler.enable", Map.of());
			browser.cdp("Profiler.setSamplingInterval", Map.of("interval", 200)); // µs
			browser.cdp("Profiler.start", Map.of());
			Thread.sleep(this.seconds * 1000L);
			Map<String, Object> profile = cast(browser.cdp("Profiler.stop", Map.of()).get("profile"));
			print(selfTime(profile), out);
		}
		return 0;
	}

	/** Samples per function (name, file and line), by the node each sample landed in. */
	static Map<String, Integer> selfTime(Map<String, Object> profile) {
		Map<Long, String> nameOfNode = new HashMap<>();
		for (Map<String, Object> node : List.<Map<String, Object>>copyOf(cast(profile.get("nodes")))) {
			Map<String, Object> frame = cast(node.get("callFrame"));
			String url = String.valueOf(frame.get("url"));
			String file = url.substring(url.lastIndexOf('/') + 1);
			String function = String.valueOf(frame.get("functionName"));
			function = function.isEmpty() ? "(anonymous)" : function;
			String name = file.isEmpty() ? function : function + " " + file + ":" + frame.get("lineNumber");
			nameOfNode.put(((Number) node.get("id")).longValue(), name);
		}
		Map<String, Integer> samples = new HashMap<>();
		for (Object sample : (List<?>) profile.get("samples")) {
			samples.merge(nameOfNode.get(((Number) sample).longValue()), 1, Integer::sum);
		}
		return samples;
	}

	private void print(Map<String, Integer> samples, PrintStream out) {
		int total = samples.values().stream().mapToInt(Integer::intValue).sum();
		out.printf(Locale.ROOT, "%d samples; share of the main thread by self time:%n", total);
		List<Map.Entry<String, Integer>> sorted = new ArrayList<>(samples.entrySet());
		sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
		for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(this.top, sorted.size()))) {
			out.printf(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

}
