package dev.transportlab.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard payload: seeded, so exact for given calls (a change of shape, rounding or
 * motion shows here first), and the invariants the dashboard page relies on at any time:
 * marker ids 0..n-1 in order, every marker on the 1000 x 600 map, one decimal everywhere,
 * markers that glide (a small step per 0.1 s, yet moving), and the four metrics in their
 * ranges without jumps.
 */
class DashboardGeneratorUnitTests {

	private static final Pattern EVENT = Pattern.compile("\\{\"seq\":(\\d+),\"ts\":(\\d+),\"epoch\":\"([^\"]*)\","
			+ "\"markers\":\\[(.*)\\],\"metrics\":\\{\"throughput\":(\\d+\\.\\d),\"latency\":(\\d+\\.\\d),"
			+ "\"errors\":(\\d+\\.\\d),\"cpu\":(\\d+\\.\\d)\\}\\}");

	private static final Pattern MARKER = Pattern.compile("\\[(\\d+),(\\d+\\.\\d),(\\d+\\.\\d)\\]");

	@Test
	void theSameCallsGiveExactlyTheSameEvents() {
		DashboardGenerator generator = new DashboardGenerator();
		assertThat(generator.json(7, 123456, "e1", 3, 0)).isEqualTo("{\"seq\":7,\"ts\":123456,\"epoch\":\"e1\","
				+ "\"markers\":[[0,343.6,242.4],[1,485.7,142.6],[2,267.3,289.3]],"
				+ "\"metrics\":{\"throughput\":1596.5,\"latency\":49.6,\"errors\":2.0,\"cpu\":56.2}}");
		assertThat(generator.json(8, 123457, "e1", 3, 12.5)).isEqualTo("{\"seq\":8,\"ts\":123457,\"epoch\":\"e1\","
				+ "\"markers\":[[0,241.3,231.5],[1,691.6,165.0],[2,221.2,325.2]],"
				+ "\"metrics\":{\"throughput\":2065.8,\"latency\":32.2,\"errors\":0.6,\"cpu\":69.1}}");
		assertThat(generator.json(9, 123458, "e1", 0, 1000)).isEqualTo("{\"seq\":9,\"ts\":123458,\"epoch\":\"e1\","
				+ "\"markers\":[],\"metrics\":{\"throughput\":1562.0,\"latency\":17.2,\"errors\":1.7,\"cpu\":67.2}}");
		// a second generator (another feed) makes the same positions
		DashboardGenerator other = new DashboardGenerator();
		assertThat(other.json(1, 2, "x", 3, 12.5)).contains("[[0,241.3,231.5],[1,691.6,165.0],[2,221.2,325.2]]");
	}

	@Test
	void everyEventIsWellFormedWithEveryMarkerOnTheMapAndTheMetricsInRange() {
		DashboardGenerator generator = new DashboardGenerator();
		for (int n = 0; n < 3000; n++) {
			double seconds = n * 0.7;
			int count = (n % 10 == 0) ? DashboardGenerator.MAX_MARKERS : n % 50;
			Event event = parse(generator.json(n, 1_000_000L + n, "ep", count, seconds));
			assertThat(event.seq).isEqualTo(n);
			assertThat(event.ts).isEqualTo(1_000_000L + n);
			assertThat(event.epoch).isEqualTo("ep");
			assertThat(event.markers).hasSize(count);
			for (int i = 0; i < count; i++) {
				double[] marker = event.markers.get(i);
				assertThat(marker[0]).isEqualTo(i);
				assertThat(marker[1]).as("x of %d at %s s", i, seconds).isBetween(0.0, 1000.0);
				assertThat(marker[2]).as("y of %d at %s s", i, seconds).isBetween(0.0, 600.0);
			}
			assertThat(event.metrics[0]).as("throughput").isBetween(800.0, 2400.0);
			assertThat(event.metrics[1]).as("latency").isBetween(5.0, 65.0);
			assertThat(event.metrics[2]).as("errors").isBetween(0.0, 2.5);
			assertThat(event.metrics[3]).as("cpu").isBetween(10.0, 95.0);
		}
	}

	@Test
	void markersGlideAndMetricsDriftWithoutJumps() {
		DashboardGenerator generator = new DashboardGenerator();
		Event previous = parse(generator.json(0, 0, "e", 1000, 100));
		int moved = 0;
		double largestStep = 0;
		for (int n = 1; n <= 200; n++) {
			Event event = parse(generator.json(n, n, "e", 1000, 100 + n * 0.1));
			for (int i = 0; i < 1000; i++) {
				double dx = event.markers.get(i)[1] - previous.markers.get(i)[1];
				double dy = event.markers.get(i)[2] - previous.markers.get(i)[2];
				double step = Math.hypot(dx, dy);
				largestStep = Math.max(largestStep, step);
				if (step > 0) {
					moved++;
				}
			}
			// at most 0.38 rad/s on a radius of at most 130: under 5 per 0.1 s
			assertThat(largestStep).isLessThan(5.2);
			assertThat(Math.abs(event.metrics[0] - previous.metrics[0])).as("throughput step").isLessThan(32.5);
			assertThat(Math.abs(event.metrics[1] - previous.metrics[1])).as("latency step").isLessThan(1.3);
			previous = event;
		}
		assertThat(largestStep).as("they do move").isGreaterThan(3.0);
		assertThat(moved).as("almost every marker moves every 0.1 s").isGreaterThan(190_000);
	}

	private static Event parse(String json) {
		Matcher matcher = EVENT.matcher(json);
		assertThat(matcher.matches()).as(json.length() > 300 ? json.substring(0, 300) : json).isTrue();
		List<double[]> markers = new ArrayList<>();
		Matcher marker = MARKER.matcher(matcher.group(4));
		int end = 0;
		while (marker.find()) {
			assertThat(marker.start()).as("markers separated by commas only").isEqualTo((end == 0) ? 0 : end + 1);
			end = marker.end();
			markers.add(new double[] { Double.parseDouble(marker.group(1)), Double.parseDouble(marker.group(2)),
					Double.parseDouble(marker.group(3)) });
		}
		assertThat(end).isEqualTo(matcher.group(4).length());
		double[] metrics = new double[4];
		for (int m = 0; m < 4; m++) {
			metrics[m] = Double.parseDouble(matcher.group(5 + m));
		}
		return new Event(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), matcher.group(3), markers,
				metrics);
	}

	private record Event(long seq, long ts, String epoch, List<double[]> markers, double[] metrics) {
	}

}
