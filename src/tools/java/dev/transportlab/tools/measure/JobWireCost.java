package dev.transportlab.tools.measure;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.transportlab.tools.client.FeedItem;
import dev.transportlab.tools.client.FeedRecorder;
import dev.transportlab.tools.client.JsonHttp;

/**
 * What following one job costs on each transport, from the server's own counters
 * (GET /api/stats before and after), against a lab
 * that nobody else uses at the moment (the counters are per transport, not per client):
 * <pre>
 * mvn -Ptool verify -Dtool=measure.JobWireCost -Dtool.args="--base-url http://localhost:8080 --steps 20"
 * </pre>
 * Each transport follows its own job from the start (after=0) to its final event, the way
 * the page's adapters do: short polling every pollMillis, long polling with wait=25, one SSE
 * stream, one WebSocket. docs/jobs.md shows a run.
 */
@Command(name = "JobWireCost", mixinStandardHelpOptions = true,
		description = "What following one job costs on each transport, from the server's own counters.")
public final class JobWireCost implements Callable<Integer> {

	private static final Pattern FINAL = Pattern.compile("\"state\":\"(succeeded|failed|cancelled)\"");

	@Option(names = "--base-url", defaultValue = "http://localhost:8080",
			description = "The running app (default: ${DEFAULT-VALUE}).")
	String base;

	@Option(names = "--steps", defaultValue = "20", description = "Steps of each job (default: ${DEFAULT-VALUE}).")
	int steps;

	@Option(names = "--step-millis", defaultValue = "500", description = "Time per step, ms (default: ${DEFAULT-VALUE}).")
	int stepMillis;

	@Option(names = "--poll-millis", defaultValue = "1000",
			description = "Short-polling interval, ms (default: ${DEFAULT-VALUE}).")
	int pollMillis;

	public static void main(String[] args) {
		System.exit(new CommandLine(new JobWireCost()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		String base = this.base;
		int steps = this.steps;
		int stepMillis = this.stepMillis;
		int pollMillis = this.pollMillis;
		System.out.printf("one job of %d steps x %d ms (%d events) per transport; short polling every %d ms%n", steps,
				stepMillis, steps + 1, pollMillis);
		System.out.printf("%-13s %9s %7s %9s %8s %8s %11s%n", "transport", "requests", "empty", "events", "bytes",
				"B/event", "seconds");
		for (String transport : new String[] { "polling", "long-polling", "sse", "websocket" }) {
			String before = get(base + "/api/stats");
			String job = post(base + "/api/jobs", "{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}");
			String feed = field(job, "feed");
			long began = System.nanoTime();
			switch (transport) {
				case "polling" -> poll(base, feed, 0, pollMillis);
				case "long-polling" -> poll(base, feed, 25, 0);
				case "sse" -> sse(base, feed);
				default -> webSocket(base, feed);
			}
			double seconds = (System.nanoTime() - began) / 1e9;
			String after = get(base + "/api/stats");
			long requests = delta(before, after, transport, "requests");
			long events = delta(before, after, transport, "events");
			long bytes = delta(before, after, transport, "bytes");
			System.out.printf("%-13s %9d %7d %9d %8d %8.0f %11.1f%n", transport, requests,
					delta(before, after, transport, "emptyResponses"), events, bytes, (double) bytes / Math.max(1, events),
					seconds);
		}
		return 0;
	}

	/** Polls from after=0 until the final event; with wait=0 it pauses pollMillis between requests. */
	private static void poll(String base, String feed, int wait, int pollMillis) throws Exception {
		long next = 0;
		while (true) {
			String answer = get(base + "/api/feeds/" + feed + "/events?after=" + next + "&wait=" + wait + "&client=wire-cost");
			next = Long.parseLong(number(answer, "next"));
			if (FINAL.matcher(answer).find()) {
				return;
			}
			if (pollMillis > 0) {
				Thread.sleep(pollMillis);
			}
		}
	}

	/** One SSE stream (the toolkit's client) until the job's final event. */
	private static void sse(String base, String feed) throws Exception {
		try (FeedRecorder client = FeedRecorder.sse(base + "/api/feeds/" + feed + "/stream?after=0",
				null)) {
			awaitFinal(client);
		}
	}

	/** One WebSocket (the toolkit's client) until the job's final event. */
	private static void webSocket(String base, String feed) throws Exception {
		try (FeedRecorder client = FeedRecorder.webSocket(
				base.replaceFirst("^http", "ws") + "/ws/feeds/" + feed + "?after=0", null)) {
			awaitFinal(client);
		}
	}

	private static void awaitFinal(FeedRecorder client) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (System.nanoTime() < deadline) {
			FeedItem item = client.items().poll(1, TimeUnit.SECONDS);
			if (item != null && FINAL.matcher(item.raw()).find()) {
				return;
			}
		}
		throw new IllegalStateException("no final event in 10 minutes");
	}

	private static long delta(String before, String after, String transport, String field) {
		return Long.parseLong(number(section(after, transport), field)) - Long.parseLong(number(section(before, transport), field));
	}

	private static String section(String stats, String transport) {
		Matcher m = Pattern.compile("\"" + Pattern.quote(transport) + "\":\\{([^}]*)\\}").matcher(stats);
		if (!m.find()) {
			throw new IllegalStateException("no " + transport + " in " + stats);
		}
		return m.group(1);
	}

	private static String number(String json, String field) {
		Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no " + field + " in " + json);
		}
		return m.group(1);
	}

	private static String field(String json, String field) {
		Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no " + field + " in " + json);
		}
		return m.group(1);
	}

	private static String get(String url) throws Exception {
		return JsonHttp.get(url).body();
	}

	private static String post(String url, String body) throws Exception {
		return JsonHttp.send("POST", url, body).body();
	}

}
