package dev.transportlab.bench;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One scenario measured by the benchmark page: the {@code window.benchResult} of
 * docs/benchmark.md (autorun). Latencies are null when nothing arrived (there is nothing
 * to measure, and 0 would lie).
 */
public record BenchResult(
		@NotNull @Pattern(regexp = "polling|long-polling|websocket|sse|fetch",
				message = "must be one of polling, long-polling, websocket, sse, fetch") String transport,
		@NotNull @Min(1) @Max(100_000) Integer rate, @NotNull @Min(1) @Max(100_000) Integer markers,
		@NotNull @DecimalMin("0.1") @DecimalMax("3600") Double durationS,
		@Pattern(regexp = "coalesced|every", message = "must be coalesced or every") String mode,
		/** Short and long polling: the pause between an answer and the next request. */
		@Min(0) @Max(60_000) Integer intervalMs, @NotNull @PositiveOrZero Long received,
		@NotNull @PositiveOrZero Long lost, @NotNull @PositiveOrZero Long duplicates, @Valid Percentiles latencyMs,
		@Valid Percentiles deliveryMs, @NotNull @Valid Fps fps, @NotNull @Valid FrameTimes frameMs,
		@NotNull @DecimalMin("0") @DecimalMax("100") Double droppedFramesPct, @NotNull @PositiveOrZero Long bytes,
		@NotNull @PositiveOrZero Long requests,
		/**
		 * Events the server wrote for this transport during the scenario (bytes per event
		 * = bytes / this).
		 */
		@PositiveOrZero Long wireEvents,
		/**
		 * Server clock minus browser clock, and the round trip of the sample that
		 * estimated it.
		 */
		Double clockOffsetMs, @PositiveOrZero Double clockRttMs, @Size(max = 400) String userAgent) {

	/**
	 * Milliseconds. A small negative value is possible and kept: it is the error of the
	 * clock offset estimate, which the report should show rather than hide.
	 */
	public record Percentiles(@Valid Double mean, @NotNull @DecimalMin("-60000") @DecimalMax("3600000") Double p50,
			@NotNull @DecimalMin("-60000") @DecimalMax("3600000") Double p95,
			@NotNull @DecimalMin("-60000") @DecimalMax("3600000") Double p99,
			@NotNull @DecimalMin("-60000") @DecimalMax("3600000") Double max) {
	}

	public record Fps(@NotNull @DecimalMin("0") @DecimalMax("1000") Double mean) {
	}

	public record FrameTimes(@NotNull @PositiveOrZero Double p50, @NotNull @PositiveOrZero Double p99) {
	}

}
