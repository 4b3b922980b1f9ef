package dev.transportlab.tools.docs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnimatedGifTests {

	@Test
	void framesReadBackAsWrittenWithDeltaRectanglesMergedDelaysAndLooping() throws IOException {
		BufferedImage first = scene(10, Color.RED);
		BufferedImage moved = scene(30, Color.RED);
		BufferedImage recoloured = scene(30, new Color(0x1971c2));
		List<AnimatedGif.Frame> frames = List.of(new AnimatedGif.Frame(first, 100), new AnimatedGif.Frame(moved, 120),
				new AnimatedGif.Frame(copy(moved), 80), new AnimatedGif.Frame(recoloured, 200));

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AnimatedGif.write(frames, out);

		ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(out.toByteArray()))) {
			reader.setInput(in);
			int count = reader.getNumImages(true);
			assertThat(count).as("the unchanged third frame only lengthens the second").isEqualTo(3);

			BufferedImage screen = new BufferedImage(first.getWidth(), first.getHeight(), BufferedImage.TYPE_INT_RGB);
			List<Integer> delays = new ArrayList<>();
			List<int[]> rectangles = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
					.getAsTree("javax_imageio_gif_image_1.0");
				IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension")
					.item(0);
				IIOMetadataNode descriptor = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
				delays.add(Integer.parseInt(control.getAttribute("delayTime")));
				int left = Integer.parseInt(descriptor.getAttribute("imageLeftPosition"));
				int top = Integer.parseInt(descriptor.getAttribute("imageTopPosition"));
				BufferedImage part = reader.read(i);
				rectangles.add(new int[] { left, top, part.getWidth(), part.getHeight() });
				Graphics2D g = screen.createGraphics();
				g.drawImage(part, left, top, null); // transparent pixels keep what is on
													// screen
				g.dispose();
				BufferedImage expected = i == 0 ? first : i == 1 ? moved : recoloured;
				assertThat(differingPixels(screen, expected)).as("pixels off after frame %d", i).isZero();
				if (i == 0) {
					assertThat(root.getElementsByTagName("ApplicationExtension").getLength()).as("loop extension")
						.isOne();
				}
			}
			assertThat(delays).containsExactly(10, 20, 20);
			assertThat(rectangles.get(0)).containsExactly(0, 0, 80, 50);
			assertThat(rectangles.get(1)).as("only the area the square left and entered")
				.containsExactly(10, 20, 36, 16);
			assertThat(rectangles.get(2)).containsExactly(30, 20, 16, 16);
		}
		finally {
			reader.dispose();
		}
	}

	private static BufferedImage scene(int squareX, Color square) {
		BufferedImage image = new BufferedImage(80, 50, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(0xf5f7fa));
		g.fillRect(0, 0, 80, 50);
		g.setColor(new Color(0x1f2933));
		g.fillRect(0, 0, 80, 6); // a header bar that never changes
		g.setColor(square);
		g.fillRect(squareX, 20, 16, 16);
		g.dispose();
		return image;
	}

	private static BufferedImage copy(BufferedImage image) {
		BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		copy.getGraphics().drawImage(image, 0, 0, null);
		return copy;
	}

	private static int differingPixels(BufferedImage a, BufferedImage b) {
		int differing = 0;
		for (int y = 0; y < a.getHeight(); y++) {
			for (int x = 0; x < a.getWidth(); x++) {
				if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
					differing++;
				}
			}
		}
		return differing;
	}

}
