package dev.transportlab.feed;

import java.util.SplittableRandom;

/**
 * Makes the dashboard payload: markers gliding along ellipses on a 1000 x 600 map (a
 * smooth function of time, so consecutive events differ a little) and a few metric
 * values. The JSON is written by hand: it is the hot path and its shape is fixed. Public
 * because the load tool publishes these same events to the servers it compares with.
 */
public final class DashboardGenerator {

	static final int MAX_MARKERS = 1000;

	private static final String[] METRICS = { "throughput", "latency", "errors", "cpu" };

	private final double[] centerX = new double[MAX_MARKERS];

	private final double[] centerY = new double[MAX_MARKERS];

	private final double[] radiusX = new double[MAX_MARKERS];

	private final double[] radiusY = new double[MAX_MARKERS];

	private final double[] speed = new double[MAX_MARKERS];

	private final double[] phase = new double[MAX_MARKERS];

	private final SplittableRandom noise = new SplittableRandom(7);

	private final double[] metricDrift = new double[METRICS.length];

	public DashboardGenerator() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < MAX_MARKERS; i++) {
			this.radiusX[i] = 20 + random.nextDouble() * 110;
			this.radiusY[i] = 15 + random.nextDouble() * 80;
			this.centerX[i] = this.radiusX[i] + random.nextDouble() * (1000 - 2 * this.radiusX[i]);
			this.centerY[i] = this.radiusY[i] + random.nextDouble() * (600 - 2 * this.radiusY[i]);
			this.speed[i] = (0.08 + random.nextDouble() * 0.3) * (random.nextBoolean() ? 1 : -1);
			this.phase[i] = random.nextDouble() * Math.PI * 2;
		}
	}

	/** {@code {"seq":..,"ts":..,"epoch":..,"markers":[[id,x,y],..],"metrics":{..}}} */
	public String json(long seq, long ts, String epoch, int markers, double seconds) {
		StringBuilder json = new StringBuilder(96 + markers * 18);
		json.append("{\"seq\":").append(seq).append(",\"ts\":").append(ts).append(",\"epoch\":\"").append(epoch);
		json.append("\",\"markers\":[");
		for (int i = 0; i < markers; i++) {
			double angle = this.phase[i] + this.speed[i] * seconds;
			if (i > 0) {
				json.append(',');
			}
			json.append('[').append(i).append(',');
			appendTenths(json, this.centerX[i] + this.radiusX[i] * Math.cos(angle));
			json.append(',');
			appendTenths(json, this.centerY[i] + this.radiusY[i] * Math.sin(angle));
			json.append(']');
		}
		json.append("],\"metrics\":{");
		for (int m = 0; m < METRICS.length; m++) {
			// a slow wave plus a bounded random walk: alive, never jumpy
			this.metricDrift[m] = clamp(this.metricDrift[m] + (this.noise.nextDouble() - 0.5) * 0.02, -0.15, 0.15);
			double wave = 0.5 + 0.3 * Math.sin(seconds * (0.11 + m * 0.07) + m) + this.metricDrift[m];
			if (m > 0) {
				json.append(',');
			}
			json.append('"').append(METRICS[m]).append("\":");
			appendTenths(json, scale(m, clamp(wave, 0, 1)));
		}
		return json.append("}}").toString();
	}

	private static double scale(int metric, double unit) {
		return switch (metric) {
			case 0 -> 800 + unit * 1600; // requests/s
			case 1 -> 5 + unit * 60; // ms
			case 2 -> unit * 2.5; // %
			default -> 10 + unit * 85; // %
		};
	}

	/** One decimal without Double.toString, which is slow and may print exponents. */
	private static void appendTenths(StringBuilder json, double value) {
		long tenths = Math.round(value * 10);
		if (tenths < 0) {
			json.append('-');
			tenths = -tenths;
		}
		json.append(tenths / 10).append('.').append(tenths % 10);
	}

	private static double clamp(double value, double min, double max) {
		return Math.max(min, Math.min(max, value));
	}

}
