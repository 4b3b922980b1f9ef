package dev.transportlab.tools.docs;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.transportlab.tools.client.Browser;
import dev.transportlab.TransportLabApplication;

import org.openqa.selenium.chromium.HasCdp;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records demo.gif (repository root): the race page (all four transports on the live feed) in headless
 * Chromium, a screenshot every {@value #FRAME_MILLIS} ms, each frame shown as long as it really
 * took, encoded by {@link AnimatedGif}. Fails when the GIF is over {@value #MAX_BYTES} bytes.
 */
final class DemoRecorder {

	static final int WIDTH = 1280;

	/** Screenshots are scaled down to this share of the CSS pixel size. */
	static final double SCALE = 0.62;

	/** JPEG at high quality is much cheaper to capture than PNG, so more frames per second. */
	static final String FORMAT = System.getProperty("demo.format", "jpeg");

	static final int FRAME_MILLIS = 120;

	static final long MAX_BYTES = 3L * 1024 * 1024;

	private static final List<String> TRANSPORTS = List.of("polling", "long-polling", "websocket", "sse");

	private DemoRecorder() {
	}

	static void record(String baseUrl, Duration length, Path gif) throws Exception {
		ConfigurableApplicationContext app = null;
		try {
			if (baseUrl == null) {
				app = new SpringApplicationBuilder(TransportLabApplication.class)
					.run("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=warn");
				baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			}
			List<byte[]> shots = new ArrayList<>();
			List<Long> takenAt = new ArrayList<>();
			// Tall enough for the whole 2 x 2 race grid: headless Chromium keeps the start size.
			try (Browser browser = Browser.start("en-US", WIDTH, 1500)) {
				browser.open(baseUrl + "/race");
				awaitAllFourReceiving(browser);
				// Let latency and FPS figures settle before the camera rolls.
				Thread.sleep(2500);
				Map<String, Object> clip = raceClip(browser);
				long end = System.nanoTime() + length.toNanos();
				while (System.nanoTime() < end) {
					long started = System.nanoTime();
					Map<String, Object> shot = ((HasCdp) browser.driver()).executeCdpCommand("Page.captureScreenshot",
							Map.of("format", FORMAT, "quality", 92, "optimizeForSpeed", true, "clip", clip));
					takenAt.add(started);
					shots.add(Base64.getDecoder().decode((String) shot.get("data")));
					long spent = (System.nanoTime() - started) / 1_000_000;
					if (spent < FRAME_MILLIS) {
						Thread.sleep(FRAME_MILLIS - spent);
					}
				}
				List<String> errors = browser.consoleErrors();
				if (!errors.isEmpty()) {
					throw new IllegalStateException("the race page logged errors while recording: " + errors);
				}
			}
			List<AnimatedGif.Frame> frames = frames(shots, takenAt);
			Files.createDirectories(gif.toAbsolutePath().getParent());
			try (OutputStream out = Files.newOutputStream(gif)) {
				AnimatedGif.write(frames, out);
			}
			long bytes = Files.size(gif);
			BufferedImage first = frames.get(0).image();
			System.out.printf("%s: %d frames, %d x %d px, %.1f s, %d KB%n", gif, frames.size(), first.getWidth(),
					first.getHeight(), frames.stream().mapToInt(AnimatedGif.Frame::delayMillis).sum() / 1000.0,
					bytes / 1024);
			if (bytes > MAX_BYTES) {
				throw new IllegalStateException(gif + " is " + bytes / 1024 + " KB, over the "
						+ MAX_BYTES / 1024 + " KB budget for the README: record fewer --seconds");
			}
		}
		finally {
			if (app != null) {
				app.close();
			}
		}
	}

	private static void awaitAllFourReceiving(Browser browser) {
		browser.await(Duration.ofSeconds(30)).withMessage("all four race panels receiving events").until((driver) -> {
			for (String transport : TRANSPORTS) {
				Object received = browser.script("""
						const panel = document.querySelector(`[data-testid="panel-${arguments[0]}"]`);
						const cell = panel && panel.querySelector('[data-testid="received"]');
						return cell ? cell.textContent.trim() : '';""", transport);
				if (!received.toString().matches("[1-9][0-9]*")) {
					return false;
				}
			}
			return true;
		});
	}

	/** From the top of the page to just below the race grid, in CSS pixels. */
	private static Map<String, Object> raceClip(Browser browser) {
		Number width = (Number) browser.script("return document.documentElement.clientWidth;");
		Number bottom = (Number) browser.script("""
				const race = document.getElementById('race');
				return Math.min(window.innerHeight, Math.ceil(race.getBoundingClientRect().bottom + 16));""");
		return Map.of("x", 0, "y", 0, "width", width, "height", bottom, "scale", SCALE);
	}

	/** Decoded screenshots, each shown for the time until the next one was taken. */
	private static List<AnimatedGif.Frame> frames(List<byte[]> shots, List<Long> takenAt) throws IOException {
		if (shots.size() < 2) {
			throw new IllegalStateException("only " + shots.size() + " screenshot(s) taken");
		}
		List<AnimatedGif.Frame> frames = new ArrayList<>();
		for (int i = 0; i < shots.size(); i++) {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(shots.get(i)));
			long next = i + 1 < shots.size() ? takenAt.get(i + 1) : takenAt.get(i) + FRAME_MILLIS * 1_000_000L;
			frames.add(new AnimatedGif.Frame(image, (int) ((next - takenAt.get(i)) / 1_000_000)));
		}
		return frames;
	}

}
