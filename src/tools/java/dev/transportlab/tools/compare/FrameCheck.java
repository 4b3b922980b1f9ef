package dev.transportlab.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Whether requestAnimationFrame runs near the display rate, and whether the page gets its
 * frame budget: for two seconds each rAF callback busy-works for {@link #WORK_MS} (about a
 * third of a 60 Hz frame, what a busy dashboard spends). An idle rAF loop keeps its rate even
 * with every core taken by other processes (measured: 60.0 fps beside two CPU hogs); a
 * callback that has work to do misses frames as soon as the renderer has to wait for a core,
 * so the share of long frames (over 1.5 display periods) is what tells a busy machine.
 *
 * @param passed the rate check: a median frame within 10 % of the display period and a mean
 * rate of at least minShare of it (the run refuses to start without it)
 * @param longFrameShare frames longer than 1.5 display periods while working, 0..1
 */
record FrameCheck(int frames, double meanFps, double medianFrameMs, double displayHz, double minShare,
		boolean passed, double workMs, double longFrameShare) {

	/** The work each callback does, in milliseconds. */
	static final double WORK_MS = 6.0;

	/** Above this share of long frames the page did not get its frame budget. */
	static final double MAX_LONG_FRAMES = 0.10;

	static FrameCheck of(List<Double> deltas, double displayHz, double minShare) {
		return of(deltas, displayHz, minShare, 0);
	}

	static FrameCheck of(List<Double> deltas, double displayHz, double minShare, double workMs) {
		if (deltas.size() < 10) {
			return new FrameCheck(deltas.size(), 0, Double.NaN, displayHz, minShare, false, workMs, 1.0);
		}
		double total = deltas.stream().mapToDouble(Double::doubleValue).sum();
		double meanFps = deltas.size() * 1000.0 / total;
		double median = Figures.median(deltas);
		double expected = 1000.0 / displayHz;
		boolean passed = Math.abs(median - expected) <= expected * 0.10 && meanFps >= displayHz * minShare;
		double longShare = deltas.stream().filter(d -> d > expected * 1.5).count() / (double) deltas.size();
		return new FrameCheck(deltas.size(), meanFps, median, displayHz, minShare, passed, workMs, longShare);
	}

	/** The rate and the budget both held: the browser had the CPU it needed. */
	boolean budgetHeld() {
		return this.passed && this.longFrameShare <= MAX_LONG_FRAMES;
	}

	String summary() {
		return String.format(Locale.ROOT,
				"%.1f fps mean, median frame %.2f ms over %d frames (display %.0f Hz, needs >= %.0f %% of it): %s; "
						+ "with %.0f ms of work per frame %.1f %% long frames (limit %.0f %%)",
				this.meanFps, this.medianFrameMs, this.frames, this.displayHz, this.minShare * 100,
				this.passed ? "ok" : "TOO SLOW", this.workMs, this.longFrameShare * 100, MAX_LONG_FRAMES * 100);
	}

	/** Two seconds of rAF on the page the driver shows, each callback working {@link #WORK_MS}. */
	static FrameCheck measure(WebDriver driver, double displayHz, double minShare) {
		Object raw;
		try {
			raw = measureRaw(driver);
		}
		catch (RuntimeException ex) {
			// no answer at all (a script timeout on a starved machine): as failed as a check can be
			return of(List.of(), displayHz, minShare, WORK_MS);
		}
		List<Double> deltas = new ArrayList<>();
		for (Object d : (List<?>) raw) {
			deltas.add(((Number) d).doubleValue());
		}
		return of(deltas, displayHz, minShare, WORK_MS);
	}

	private static Object measureRaw(WebDriver driver) {
		return ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const work = arguments[0];
				const deltas = [];
				let last = null, first = null, finished = false;
				const finish = () => { if (!finished) { finished = true; done(deltas); } };
				// a starved renderer may stop calling rAF at all: answer with what there is
				setTimeout(finish, 8000);
				function frame(t) {
				  if (finished) return;
				  if (first === null) first = t;
				  if (last !== null) deltas.push(t - last);
				  last = t;
				  const until = performance.now() + work;
				  while (performance.now() < until) { /* the frame's work */ }
				  if (t - first < 2000) requestAnimationFrame(frame); else finish();
				}
				requestAnimationFrame(frame);
				""", WORK_MS);
	}

}
