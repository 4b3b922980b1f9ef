package dev.transportlab.tools.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.transportlab.tools.client.Browser;

/**
 * Regenerates the images the docs show, with the project's own browser tooling (Selenium and
 * Debian's headless Chromium):
 * <pre>
 * mvn -Pdocs-images verify                                 # both
 * mvn -Pdocs-images verify -Dimages.args=difference        # difference.png from docs/difference.svg
 * mvn -Pdocs-images verify -Dimages.args="demo --seconds 10" # demo.gif from the race page
 * </pre>
 * Both images are written to the repository root ({@code --out}, the current directory by
 * default), where the README and the docs show them from. The demo starts the app on a free port
 * unless {@code --base-url} names a running one.
 */
public final class DocsImages {

	private DocsImages() {
	}

	public static void main(String[] args) throws Exception {
		Path docs = Path.of("docs");
		Path out = Path.of(".");
		String baseUrl = null;
		Duration length = Duration.ofSeconds(10);
		List<String> targets = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--docs" -> docs = Path.of(value(args, ++i, "--docs"));
				case "--out" -> out = Path.of(value(args, ++i, "--out"));
				case "--base-url" -> baseUrl = value(args, ++i, "--base-url");
				case "--seconds" -> length = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--seconds")));
				case "difference", "demo" -> targets.add(args[i]);
				case "all" -> targets.addAll(List.of("difference", "demo"));
				default -> usage("unknown argument " + args[i]);
			}
		}
		if (targets.isEmpty()) {
			targets.addAll(List.of("difference", "demo"));
		}
		if (!Files.isExecutable(Browser.CHROMIUM) || !Files.isExecutable(Browser.CHROMEDRIVER)) {
			usage("needs " + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER
					+ " (Debian: apt-get install chromium chromium-driver)");
		}
		if (targets.contains("difference")) {
			DifferenceDiagram.render(docs.resolve("difference.svg"), out.resolve("difference.png"));
		}
		if (targets.contains("demo")) {
			DemoRecorder.record(baseUrl, length, out.resolve("demo.gif"));
		}
	}

	private static String value(String[] args, int index, String flag) {
		if (index >= args.length) {
			usage(flag + " needs a value");
		}
		return args[index];
	}

	private static void usage(String problem) {
		System.err.println("DocsImages: " + problem);
		System.err.println("usage: DocsImages [difference] [demo] [--docs DIR] [--out DIR] [--base-url URL] [--seconds N]");
		System.exit(2);
	}

}
