package dev.transportlab.bench;

import java.time.Clock;
import java.util.Map;

import dev.transportlab.feed.Micros;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The clock for offset estimation, and the wire counters per transport. */
@RestController
class StatsController {

	private final WireStats stats;

	private final Clock clock = Clock.systemUTC();

	StatsController(WireStats stats) {
		this.stats = stats;
	}

	@GetMapping("/api/time")
	Map<String, Long> time() {
		return Map.of("ts", Micros.now(this.clock));
	}

	@GetMapping("/api/stats")
	Map<String, WireStats.TransportFigures> stats() {
		return this.stats.snapshot();
	}

}
