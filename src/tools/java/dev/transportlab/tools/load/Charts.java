package dev.transportlab.tools.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** Small PNG charts drawn with Java2D: line charts and grouped bars, nothing more is needed. */
final class Charts {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 420;

	private static final int LEFT = 80;

	private static final int RIGHT = 20;

	private static final int TOP = 50;

	private static final int BOTTOM = 60;

	private static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
			new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b) };

	private Charts() {
	}

	record Series(String name, double[] x, double[] y) {
	}

	record Tick(double value, String label) {
	}

	/** Lines over a shared x axis; {@code xTicks} null means evenly spaced numeric ticks. */
	static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series, List<Tick> xTicks)
			throws IOException {
		double minX = Double.MAX_VALUE;
		double maxX = -Double.MAX_VALUE;
		double maxY = 0;
		for (Series s : series) {
			for (int i = 0; i < s.x().length; i++) {
				if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
					minX = Math.min(minX, s.x()[i]);
					maxX = Math.max(maxX, s.x()[i]);
					maxY = Math.max(maxY, s.y()[i]);
				}
			}
		}
		if (minX > maxX) {
			minX = 0;
			maxX = 1;
		}
		if (maxX == minX) {
			maxX = minX + 1;
		}
		maxY = niceCeiling(maxY);
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = frame(image, title, xLabel, yLabel, maxY);
		double x0 = minX;
		double x1 = maxX;
		List<Tick> ticks = xTicks != null ? xTicks : numericTicks(x0, x1);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (Tick tick : ticks) {
			int px = px(tick.value(), x0, x1);
			g.setColor(new Color(0xeeeeee));
			g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
			g.setColor(Color.DARK_GRAY);
			g.drawString(tick.label(), px - g.getFontMetrics().stringWidth(tick.label()) / 2, HEIGHT - BOTTOM + 15);
		}
		g.setStroke(new BasicStroke(2f));
		for (int s = 0; s < series.size(); s++) {
			Series line = series.get(s);
			g.setColor(PALETTE[s % PALETTE.length]);
			int lastX = -1;
			int lastY = -1;
			for (int i = 0; i < line.x().length; i++) {
				if (!Double.isFinite(line.x()[i]) || !Double.isFinite(line.y()[i])) {
					lastX = -1;
					continue;
				}
				int px = px(line.x()[i], x0, x1);
				int py = py(line.y()[i], maxY);
				if (lastX >= 0) {
					g.drawLine(lastX, lastY, px, py);
				}
				else {
					g.fillOval(px - 2, py - 2, 4, 4);
				}
				lastX = px;
				lastY = py;
			}
		}
		legend(g, series.stream().map(Series::name).toList());
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	/** Groups of bars: one group per category, one bar per series. */
	static void bars(Path file, String title, String yLabel, List<String> categories, List<String> seriesNames,
			double[][] values) throws IOException {
		double maxY = 0;
		for (double[] row : values) {
			for (double v : row) {
				if (Double.isFinite(v)) {
					maxY = Math.max(maxY, v);
				}
			}
		}
		maxY = niceCeiling(maxY);
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = frame(image, title, "", yLabel, maxY);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int groupWidth = plotWidth / Math.max(1, categories.size());
		int barWidth = Math.max(4, (groupWidth - 30) / Math.max(1, seriesNames.size()));
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (int c = 0; c < categories.size(); c++) {
			int gx = LEFT + c * groupWidth + 15;
			for (int s = 0; s < seriesNames.size(); s++) {
				double v = values[c][s];
				if (!Double.isFinite(v)) {
					continue;
				}
				int top = py(v, maxY);
				g.setColor(PALETTE[s % PALETTE.length]);
				g.fillRect(gx + s * barWidth, top, barWidth - 2, HEIGHT - BOTTOM - top);
				g.setColor(Color.DARK_GRAY);
				String label = format(v);
				g.drawString(label, gx + s * barWidth, top - 3);
			}
			g.setColor(Color.BLACK);
			String name = categories.get(c);
			g.drawString(name, LEFT + c * groupWidth + groupWidth / 2 - g.getFontMetrics().stringWidth(name) / 2,
					HEIGHT - BOTTOM + 15);
		}
		legend(g, seriesNames);
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static Graphics2D frame(BufferedImage image, String title, String xLabel, String yLabel, double maxY) {
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(title, LEFT, 25);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (int i = 0; i <= 5; i++) {
			double v = maxY * i / 5;
			int y = py(v, maxY);
			g.setColor(new Color(0xeeeeee));
			g.drawLine(LEFT, y, WIDTH - RIGHT, y);
			g.setColor(Color.DARK_GRAY);
			String label = format(v);
			g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
		}
		g.setColor(Color.BLACK);
		g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
		g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
		g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2,
				HEIGHT - 20);
		g.rotate(-Math.PI / 2);
		g.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM) / 2) - g.getFontMetrics().stringWidth(yLabel) / 2, 18);
		g.rotate(Math.PI / 2);
		return g;
	}

	private static void legend(Graphics2D g, List<String> names) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int x = WIDTH - RIGHT - 10;
		for (int i = names.size() - 1; i >= 0; i--) {
			int w = g.getFontMetrics().stringWidth(names.get(i));
			x -= w + 24;
			g.setColor(PALETTE[i % PALETTE.length]);
			g.fillRect(x, 32, 12, 12);
			g.setColor(Color.BLACK);
			g.drawString(names.get(i), x + 16, 43);
		}
	}

	private static List<Tick> numericTicks(double x0, double x1) {
		List<Tick> ticks = new ArrayList<>();
		double step = niceCeiling((x1 - x0) / 8);
		for (double v = Math.ceil(x0 / step) * step; v <= x1 && ticks.size() < 20; v += step) {
			ticks.add(new Tick(v, format(v)));
		}
		return ticks;
	}

	private static int px(double x, double x0, double x1) {
		return LEFT + (int) Math.round((x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT));
	}

	private static int py(double y, double maxY) {
		return HEIGHT - BOTTOM - (int) Math.round(y / maxY * (HEIGHT - TOP - BOTTOM));
	}

	/** 1, 2, 5 x 10^n at or above the value. */
	static double niceCeiling(double value) {
		if (!(value > 0)) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double m : new double[] { 1, 2, 5, 10 }) {
			if (m * magnitude >= value) {
				return m * magnitude;
			}
		}
		return 10 * magnitude;
	}

	static String format(double v) {
		if (Math.abs(v) >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", v);
		}
		if (Math.abs(v) >= 10 || v == Math.rint(v)) {
			return String.format(Locale.ROOT, "%.0f", v);
		}
		return String.format(Locale.ROOT, "%.2f", v);
	}

}
