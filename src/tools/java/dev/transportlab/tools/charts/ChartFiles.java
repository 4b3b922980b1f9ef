package dev.transportlab.tools.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The one chart style of every PNG the tools write (the comparison report, the load
 * report): JFreeChart, drawn headless, on white, with each transport in its page colour.
 */
public final class ChartFiles {

	private static final Color[] PALETTE = { new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
			new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948) };

	/** The pages' colours (static/js/dashboard.js TRANSPORT_COLORS), a little darker for white paper. */
	private static final Map<String, Color> TRANSPORT_COLORS = Map.of("polling", new Color(0xd99a06), "long-polling",
			new Color(0xea7a22), "websocket", new Color(0x10a874), "sse", new Color(0x0ea5e9));

	private ChartFiles() {
	}

	/** Grouped bars, one group per column key, one bar per row key, values written on the bars. */
	public static JFreeChart bars(String title, String valueLabel, DefaultCategoryDataset data, boolean rotate) {
		JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.VERTICAL, true,
				false, false);
		style(chart);
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
			renderer.setSeriesPaint(i, color(String.valueOf(data.getRowKey(i)), i));
		}
		renderer.setDefaultItemLabelGenerator(
				new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
		renderer.setDefaultItemLabelsVisible(true);
		renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
		return chart;
	}

	/** Lines over a numeric x axis, one per series. */
	public static JFreeChart lines(String title, String xLabel, String yLabel, XYSeriesCollection data) {
		JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
				false, false);
		style(chart);
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(new Color(0xdddddd));
		plot.setDomainGridlinePaint(new Color(0xdddddd));
		XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
		for (int i = 0; i < data.getSeriesCount(); i++) {
			renderer.setSeriesPaint(i, color(String.valueOf(data.getSeriesKey(i)), i));
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		return chart;
	}

	public static Path save(JFreeChart chart, Path file, int width) throws IOException {
		ChartUtils.saveChartAsPNG(file.toFile(), chart, Math.min(width, 2400), 520);
		return file;
	}

	private static void style(JFreeChart chart) {
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
	}

	/** A transport has the same colour as on the pages; anything else takes the palette's. */
	private static Color color(String key, int index) {
		Color color = TRANSPORT_COLORS.get(key);
		return color != null ? color : PALETTE[index % PALETTE.length];
	}

}
