package dev.transportlab.tools.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.transportlab.tools.client.Browser;

import org.openqa.selenium.chromium.HasCdp;

/**
 * Renders docs/difference.svg to difference.png (repository root) in headless Chromium: the PNG is exactly
 * the SVG's own size, at twice the pixel density so that it stays sharp on high-DPI screens.
 */
final class DifferenceDiagram {

	static final double SCALE = 2;

	private DifferenceDiagram() {
	}

	static void render(Path svg, Path png) throws IOException {
		if (!Files.isRegularFile(svg)) {
			throw new IllegalArgumentException(svg + " not found");
		}
		try (Browser browser = Browser.start("en-US", 1700, 1200)) {
			browser.open(svg.toAbsolutePath().toUri().toString());
			@SuppressWarnings("unchecked")
			List<Number> size = (List<Number>) browser.script("""
					const svg = document.documentElement;
					return [svg.width.baseVal.value, svg.height.baseVal.value];""");
			double width = size.get(0).doubleValue();
			double height = size.get(1).doubleValue();
			// The clip is in CSS pixels; "scale" multiplies the output, independent of the window size.
			Map<String, Object> shot = ((HasCdp) browser.driver()).executeCdpCommand("Page.captureScreenshot",
					Map.of("format", "png", "captureBeyondViewport", true, "clip",
							Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", SCALE)));
			Files.createDirectories(png.toAbsolutePath().getParent());
			Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
			System.out.printf("%s: %.0f x %.0f px, %d KB%n", png, width * SCALE, height * SCALE, Files.size(png) / 1024);
		}
	}

}
