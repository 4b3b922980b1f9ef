package dev.transportlab.tools.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One figure over --repeat's runs: the median with min-max, and whether the spread
 * ((max - min) / median) is over 20 %, when one run's figure would not be worth quoting.
 */
record Spread(double median, double min, double max, int runs) {

	static final double MAX_SPREAD = 0.20;

	static Spread of(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !Double.isNaN(v)).toList());
		if (sorted.isEmpty()) {
			return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
	}

	double spread() {
		return this.median == 0 ? 0 : (this.max - this.min) / Math.abs(this.median);
	}

	boolean wide() {
		return this.runs > 1 && spread() > MAX_SPREAD;
	}

	/** "41.4 (17.6–43.9)", "41.4" for one run (or all equal), with " ⚠" when the spread is over 20 %. */
	String cell(int decimals) {
		if (this.runs == 0) {
			return "n/a";
		}
		String f = "%." + decimals + "f";
		String median = String.format(Locale.ROOT, f, this.median);
		if (this.runs == 1 || this.min == this.max) {
			return median;
		}
		return median + " (" + String.format(Locale.ROOT, f, this.min) + "–" + String.format(Locale.ROOT, f, this.max)
				+ ")" + (wide() ? " ⚠" : "");
	}

}
