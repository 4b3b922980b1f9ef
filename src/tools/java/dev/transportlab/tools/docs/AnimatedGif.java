package dev.transportlab.tools.docs;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated, looping GIF with the JDK's own ImageIO writer, small enough for a README:
 * one palette for every frame (so flat UI colours stay put instead of flickering between per-frame
 * palettes), and each frame after the first only as the rectangle that changed, with unchanged
 * pixels transparent so they compress to almost nothing.
 */
final class AnimatedGif {

	/** A frame and how long it stays on screen. */
	record Frame(BufferedImage image, int delayMillis) {
	}

	/** Palette index that means "keep the previous pixel". */
	static final int TRANSPARENT = 255;

	private static final int COLOURS = 255;

	private AnimatedGif() {
	}

	/** Writes the frames (all the same size) as a GIF that loops forever. */
	static void write(List<Frame> frames, OutputStream out) throws IOException {
		if (frames.isEmpty()) {
			throw new IllegalArgumentException("no frames");
		}
		int width = frames.get(0).image().getWidth();
		int height = frames.get(0).image().getHeight();
		for (Frame frame : frames) {
			if (frame.image().getWidth() != width || frame.image().getHeight() != height) {
				throw new IllegalArgumentException("frames differ in size");
			}
		}
		Palette palette = Palette.of(frames.stream().map(Frame::image).toList());
		ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.prepareWriteSequence(null);
			byte[] previous = null;
			Pending pending = null;
			for (Frame frame : frames) {
				byte[] indices = palette.indices(frame.image());
				Rect changed = previous == null ? new Rect(0, 0, width, height) : Rect.changed(previous, indices, width, height);
				if (changed == null) {
					// Nothing moved: show the previous frame longer instead of writing an empty one.
					pending = pending.longer(frame.delayMillis());
					continue;
				}
				if (pending != null) {
					pending.writeTo(writer);
				}
				pending = new Pending(palette.subImage(indices, previous, width, changed), changed, frame.delayMillis(),
						previous == null);
				previous = indices;
			}
			pending.writeTo(writer);
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
	}

	/** A frame held back one step, because a following identical frame only lengthens it. */
	private record Pending(BufferedImage image, Rect at, int delayMillis, boolean first) {

		Pending longer(int millis) {
			return new Pending(this.image, this.at, this.delayMillis + millis, this.first);
		}

		void writeTo(ImageWriter writer) throws IOException {
			ImageWriteParam param = writer.getDefaultWriteParam();
			IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(this.image),
					param);
			String format = metadata.getNativeMetadataFormatName();
			IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);

			IIOMetadataNode control = child(root, "GraphicControlExtension");
			control.setAttribute("disposalMethod", "doNotDispose");
			control.setAttribute("userInputFlag", "FALSE");
			control.setAttribute("transparentColorFlag", "TRUE");
			control.setAttribute("transparentColorIndex", Integer.toString(TRANSPARENT));
			// GIF delays are in hundredths of a second; browsers treat 0 or 1 as "as fast as possible".
			control.setAttribute("delayTime", Integer.toString(Math.max(2, Math.round(this.delayMillis / 10f))));

			IIOMetadataNode descriptor = child(root, "ImageDescriptor");
			descriptor.setAttribute("imageLeftPosition", Integer.toString(this.at.x()));
			descriptor.setAttribute("imageTopPosition", Integer.toString(this.at.y()));
			descriptor.setAttribute("imageWidth", Integer.toString(this.at.width()));
			descriptor.setAttribute("imageHeight", Integer.toString(this.at.height()));
			descriptor.setAttribute("interlaceFlag", "FALSE");

			// the palette, spelled out: JDK 17's GIF writer otherwise loses it (21+ keeps it)
			IndexColorModel model = (IndexColorModel) this.image.getColorModel();
			IIOMetadataNode table = child(root, "LocalColorTable");
			while (table.hasChildNodes()) {
				table.removeChild(table.getFirstChild());
			}
			table.setAttribute("sizeOfLocalColorTable", Integer.toString(model.getMapSize()));
			table.setAttribute("sortFlag", "FALSE");
			for (int i = 0; i < model.getMapSize(); i++) {
				IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
				entry.setAttribute("index", Integer.toString(i));
				entry.setAttribute("red", Integer.toString(model.getRed(i)));
				entry.setAttribute("green", Integer.toString(model.getGreen(i)));
				entry.setAttribute("blue", Integer.toString(model.getBlue(i)));
				table.appendChild(entry);
			}

			if (this.first) {
				IIOMetadataNode extensions = child(root, "ApplicationExtensions");
				IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
				loop.setAttribute("applicationID", "NETSCAPE");
				loop.setAttribute("authenticationCode", "2.0");
				loop.setUserObject(new byte[] { 1, 0, 0 }); // sub-block 1: loop count 0 = forever
				extensions.appendChild(loop);
			}
			metadata.setFromTree(format, root);
			writer.writeToSequence(new IIOImage(this.image, null, metadata), param);
		}

		private static IIOMetadataNode child(IIOMetadataNode root, String name) {
			for (int i = 0; i < root.getLength(); i++) {
				if (root.item(i).getNodeName().equals(name)) {
					return (IIOMetadataNode) root.item(i);
				}
			}
			IIOMetadataNode node = new IIOMetadataNode(name);
			root.appendChild(node);
			return node;
		}

	}

	/** The bounding box of the pixels that differ between two frames, or null when none do. */
	record Rect(int x, int y, int width, int height) {

		static Rect changed(byte[] before, byte[] after, int width, int height) {
			int minX = width;
			int minY = height;
			int maxX = -1;
			int maxY = -1;
			for (int y = 0; y < height; y++) {
				int row = y * width;
				for (int x = 0; x < width; x++) {
					if (before[row + x] != after[row + x]) {
						minX = Math.min(minX, x);
						maxX = Math.max(maxX, x);
						minY = Math.min(minY, y);
						maxY = y;
					}
				}
			}
			return maxX < 0 ? null : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
		}

	}

	/**
	 * 255 colours chosen by popularity over all frames (on a 5-bit-per-channel grid), skipping near
	 * duplicates so that small saturated areas (markers, transport colours) still get an entry.
	 */
	static final class Palette {

		private final int[] rgb;

		/** Nearest palette index per 15-bit colour, filled lazily; -1 = not computed yet. */
		private final int[] nearest = new int[1 << 15];

		private final IndexColorModel model;

		private Palette(int[] rgb) {
			this.rgb = rgb;
			Arrays.fill(this.nearest, -1);
			byte[] r = new byte[256];
			byte[] g = new byte[256];
			byte[] b = new byte[256];
			for (int i = 0; i < rgb.length; i++) {
				r[i] = (byte) (rgb[i] >> 16);
				g[i] = (byte) (rgb[i] >> 8);
				b[i] = (byte) rgb[i];
			}
			this.model = new IndexColorModel(8, 256, r, g, b, TRANSPARENT);
		}

		static Palette of(List<BufferedImage> images) {
			long[] count = new long[1 << 15];
			long[][] sum = new long[1 << 15][3];
			for (BufferedImage image : images) {
				for (int y = 0; y < image.getHeight(); y += 2) {
					for (int x = 0; x < image.getWidth(); x += 2) {
						int pixel = image.getRGB(x, y);
						int key = key(pixel);
						count[key]++;
						sum[key][0] += (pixel >> 16) & 0xff;
						sum[key][1] += (pixel >> 8) & 0xff;
						sum[key][2] += pixel & 0xff;
					}
				}
			}
			List<Integer> keys = new ArrayList<>();
			for (int key = 0; key < count.length; key++) {
				if (count[key] > 0) {
					keys.add(key);
				}
			}
			keys.sort(Comparator.comparingLong((Integer key) -> count[key]).reversed());
			List<Integer> chosen = new ArrayList<>();
			// First pass keeps colours apart; a second pass fills what is left with the next most popular.
			for (int minDistance : new int[] { 24 * 24, 0 }) {
				for (int key : keys) {
					if (chosen.size() == COLOURS) {
						break;
					}
					int colour = average(sum[key], count[key]);
					if (chosen.contains(colour)) {
						continue;
					}
					boolean farEnough = chosen.stream().allMatch((other) -> distance(other, colour) >= minDistance);
					if (farEnough) {
						chosen.add(colour);
					}
				}
			}
			return new Palette(chosen.stream().mapToInt(Integer::intValue).toArray());
		}

		/** Palette index of every pixel, row by row. */
		byte[] indices(BufferedImage image) {
			int width = image.getWidth();
			int height = image.getHeight();
			int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
			byte[] indices = new byte[pixels.length];
			for (int i = 0; i < pixels.length; i++) {
				indices[i] = (byte) nearest(pixels[i]);
			}
			return indices;
		}

		/** The changed rectangle as an indexed image; pixels equal to the previous frame become transparent. */
		BufferedImage subImage(byte[] indices, byte[] previous, int width, Rect at) {
			BufferedImage image = new BufferedImage(at.width(), at.height(), BufferedImage.TYPE_BYTE_INDEXED, this.model);
			byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
			for (int y = 0; y < at.height(); y++) {
				for (int x = 0; x < at.width(); x++) {
					int source = (at.y() + y) * width + at.x() + x;
					boolean unchanged = previous != null && previous[source] == indices[source];
					data[y * at.width() + x] = unchanged ? (byte) TRANSPARENT : indices[source];
				}
			}
			return image;
		}

		int colour(int index) {
			return this.rgb[index];
		}

		private int nearest(int pixel) {
			int key = key(pixel);
			int known = this.nearest[key];
			if (known >= 0) {
				return known;
			}
			int centre = ((key >> 10) << 19) | (((key >> 5) & 31) << 11) | ((key & 31) << 3) | 0x040404;
			int best = 0;
			int bestDistance = Integer.MAX_VALUE;
			for (int i = 0; i < this.rgb.length; i++) {
				int d = distance(this.rgb[i], centre);
				if (d < bestDistance) {
					best = i;
					bestDistance = d;
				}
			}
			this.nearest[key] = best;
			return best;
		}

		private static int key(int pixel) {
			return (((pixel >> 19) & 31) << 10) | (((pixel >> 11) & 31) << 5) | ((pixel >> 3) & 31);
		}

		private static int average(long[] sum, long count) {
			return (int) (sum[0] / count) << 16 | (int) (sum[1] / count) << 8 | (int) (sum[2] / count);
		}

		private static int distance(int a, int b) {
			int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
			int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
			int db = (a & 0xff) - (b & 0xff);
			// Weighted towards green, the channel the eye resolves best.
			return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
		}

	}

}
