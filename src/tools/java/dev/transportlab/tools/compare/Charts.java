package dev.transportlab.tools.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import dev.transportlab.bench.BenchResult;
import dev.transportlab.tools.charts.ChartFiles;

/** The PNG charts of the report (JFreeChart, drawn headless). */
final class Charts {

	static final String LATENCY = "latency-percentiles.png";

	static final String FPS = "fps.png";

	static final String BYTES = "bytes-per-event.png";

	static final String REQUESTS = "requests-per-second.png";

	private Charts() {
	}

	static List<Path> write(Comparison comparison, Path dir) throws IOException {
		List<ComparisonRun.Measured> measured = comparison.measured();
		boolean manyMarkers = comparison.options().markers().size() > 1;
		boolean manyModes = comparison.options().modes().size() > 1;
		List<Path> files = new ArrayList<>();

		DefaultCategoryDataset latency = new DefaultCategoryDataset();
		for (ComparisonRun.Measured m : measured) {
			BenchResult.Percentiles p = m.result().latencyMs();
			if (p == null) {
				continue;
			}
			String category = m.scenario().transport() + " " + scenarioKey(m.scenario(), manyMarkers, manyModes)
					+ compressionKey(m.scenario());
			latency.addValue(p.p50(), "p50", category);
			latency.addValue(p.p95(), "p95", category);
			latency.addValue(p.p99(), "p99", category);
		}
		files.add(ChartFiles.save(ChartFiles.bars("Paint latency percentiles per transport and rate", "ms (event created -> painted)",
				latency, true), dir.resolve(LATENCY), Math.max(900, latency.getColumnCount() * 70)));

		DefaultCategoryDataset fps = new DefaultCategoryDataset();
		for (ComparisonRun.Measured m : measured) {
			if (Figures.framesMeasured(m.result())) {
				fps.addValue(m.result().fps().mean(), m.scenario().transport(),
						scenarioKey(m.scenario(), manyMarkers, manyModes) + compressionKey(m.scenario()));
			}
		}
		JFreeChart fpsChart = ChartFiles.bars("Mean FPS per transport and rate", "frames per second", fps, false);
		ValueMarker target = new ValueMarker(55, new Color(0x59a14f), new BasicStroke(1.5f));
		target.setLabel("target 55 fps (1000/s, coalesced)");
		target.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
		target.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
		fpsChart.getCategoryPlot().addRangeMarker(target);
		files.add(ChartFiles.save(fpsChart, dir.resolve(FPS), Math.max(900, fps.getColumnCount() * 160)));

		files.add(ChartFiles.save(ChartFiles.bars("Wire bytes per event, down (app to browser, as they crossed the relay)",
				"bytes per event", perTransport(measured, manyMarkers, m -> orZero(Figures.wireDownPerEvent(m))),
				false), dir.resolve(BYTES), 1100));
		files.add(ChartFiles.save(ChartFiles.bars("HTTP requests per second per transport (WebSocket: the handshake)",
				"requests per second", perTransport(measured, manyMarkers, Figures::requestsPerSecond), false),
				dir.resolve(REQUESTS), 1100));
		return files;
	}

	private static String compressionKey(Scenario s) {
		return ComparisonOptions.AS_CONFIGURED.equals(s.compression()) ? "" : " c-" + s.compression();
	}

	/** rate (and markers, mode when the matrix varies them): the column of a chart. */
	private static String scenarioKey(Scenario s, boolean manyMarkers, boolean manyModes) {
		return s.rate() + "/s" + (manyMarkers ? " " + s.markers() + "m" : "") + (manyModes ? " " + s.mode() : "")
				+ s.axes();
	}

	/** Wire cost does not depend on the render mode: one value per transport and rate (the first mode measured). */
	private static DefaultCategoryDataset perTransport(List<ComparisonRun.Measured> measured, boolean manyMarkers,
			ToDoubleFunction<ComparisonRun.Measured> figure) {
		Map<String, Double> values = new LinkedHashMap<>();
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		// columns in the usual transport order, whichever scenario happened to be measured first
		List<ComparisonRun.Measured> ordered = measured.stream()
			.sorted(java.util.Comparator
				.comparingInt((ComparisonRun.Measured m) -> ComparisonOptions.ALL_TRANSPORTS.indexOf(m.scenario().transport()))
				.thenComparingInt(m -> m.scenario().rate()))
			.toList();
		for (ComparisonRun.Measured m : ordered) {
			String series = m.scenario().rate() + "/s" + (manyMarkers ? " " + m.scenario().markers() + "m" : "")
					+ m.scenario().axes() + (ComparisonOptions.AS_CONFIGURED.equals(m.scenario().compression()) ? ""
							: " compression " + m.scenario().compression());
			String key = series + "|" + m.scenario().transport();
			if (values.putIfAbsent(key, figure.applyAsDouble(m)) == null) {
				data.addValue(values.get(key), series, m.scenario().transport());
			}
		}
		return data;
	}

	private static double orZero(Double value) {
		return value == null ? 0 : value;
	}

}
