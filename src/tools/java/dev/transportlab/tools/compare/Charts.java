package dev.transportlab.tools.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import dev.transportlab.bench.BenchResult;

/** The PNG charts of the report (JFreeChart, drawn headless). */
final class Charts {

	static final String LATENCY = "latency-percentiles.png";

	static final String FPS = "fps.png";

	static final String BYTES = "bytes-per-event.png";

	static final String REQUESTS = "requests-per-second.png";

	private static final Color[] PALETTE = { new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
			new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948) };

	/** The pages' colours (static/js/dashboard.js TRANSPORT_COLORS), a little darker for white paper. */
	private static final Map<String, Color> TRANSPORT_COLORS = Map.of("polling", new Color(0xd99a06), "long-polling",
			new Color(0xea7a22), "websocket", new Color(0x10a874), "sse", new Color(0x0ea5e9));

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
			String category = m.scenario().transport() + " " + scenarioKey(m.scenario(), manyMarkers, manyModes);
			latency.addValue(p.p50(), "p50", category);
			latency.addValue(p.p95(), "p95", category);
			latency.addValue(p.p99(), "p99", category);
		}
		files.add(save(bars("Paint latency percentiles per transport and rate", "ms (event created -> painted)",
				latency, true), dir.resolve(LATENCY), Math.max(900, latency.getColumnCount() * 70)));

		DefaultCategoryDataset fps = new DefaultCategoryDataset();
		for (ComparisonRun.Measured m : measured) {
			fps.addValue(m.result().fps().mean(), m.scenario().transport(),
					scenarioKey(m.scenario(), manyMarkers, manyModes));
		}
		JFreeChart fpsChart = bars("Mean FPS per transport and rate", "frames per second", fps, false);
		ValueMarker target = new ValueMarker(55, new Color(0x59a14f), new BasicStroke(1.5f));
		target.setLabel("target 55 fps (1000/s, coalesced)");
		target.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
		target.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
		fpsChart.getCategoryPlot().addRangeMarker(target);
		files.add(save(fpsChart, dir.resolve(FPS), Math.max(900, fps.getColumnCount() * 160)));

		files.add(save(bars("Bytes per event per transport (body bytes / events sent)", "bytes per event",
				perTransport(measured, manyMarkers, Figures::bytesPerEvent), false), dir.resolve(BYTES), 900));
		files.add(save(bars("HTTP requests per second per transport", "requests per second",
				perTransport(measured, manyMarkers, Figures::requestsPerSecond), false), dir.resolve(REQUESTS), 900));
		return files;
	}

	/** rate (and markers, mode when the matrix varies them): the column of a chart. */
	private static String scenarioKey(Scenario s, boolean manyMarkers, boolean manyModes) {
		return s.rate() + "/s" + (manyMarkers ? " " + s.markers() + "m" : "") + (manyModes ? " " + s.mode() : "")
				+ s.axes();
	}

	/** Wire cost does not depend on the render mode: one value per transport and rate (the first mode measured). */
	private static DefaultCategoryDataset perTransport(List<ComparisonRun.Measured> measured, boolean manyMarkers,
			ToDoubleFunction<BenchResult> figure) {
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
					+ m.scenario().axes();
			String key = series + "|" + m.scenario().transport();
			if (values.putIfAbsent(key, figure.applyAsDouble(m.result())) == null) {
				data.addValue(values.get(key), series, m.scenario().transport());
			}
		}
		return data;
	}

	private static JFreeChart bars(String title, String valueLabel, DefaultCategoryDataset data, boolean rotate) {
		JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.VERTICAL, true,
				false, false);
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		CategoryPlot plot = chart.getCategoryPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(new Color(0xdddddd));
		plot.setRangeGridlineStroke(new BasicStroke(1f));
		CategoryAxis axis = plot.getDomainAxis();
		if (rotate) {
			axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
		}
		axis.setMaximumCategoryLabelLines(2);
		BarRenderer renderer = (BarRenderer) plot.getRenderer();
		renderer.setBarPainter(new StandardBarPainter());
		renderer.setShadowVisible(false);
		renderer.setItemMargin(0.05);
		for (int i = 0; i < data.getRowCount(); i++) {
			// a transport has the same colour as on the pages
			Color color = TRANSPORT_COLORS.get(String.valueOf(data.getRowKey(i)));
			renderer.setSeriesPaint(i, color != null ? color : PALETTE[i % PALETTE.length]);
		}
		renderer.setDefaultItemLabelGenerator(
				new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
		renderer.setDefaultItemLabelsVisible(true);
		renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
		return chart;
	}

	private static Path save(JFreeChart chart, Path file, int width) throws IOException {
		ChartUtils.saveChartAsPNG(file.toFile(), chart, Math.min(width, 2400), 520);
		return file;
	}

}
