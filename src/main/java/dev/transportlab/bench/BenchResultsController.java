package dev.transportlab.bench;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.transportlab.problem.BadParameterException;
import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Results of the benchmark page: browsers post them, anyone lists them. The body is
 * parsed here rather than bound, so that a bad one gets a problem naming every invalid
 * field; its size is capped before it arrives (lab.limits.max-request-bytes).
 */
@RestController
class BenchResultsController {

	static final int MAX_LIMIT = BenchResults.CAPACITY;

	private final BenchResults results;

	private final JsonMapper json;

	private final Validator validator;

	BenchResultsController(BenchResults results, JsonMapper json, Validator validator) {
		this.results = results;
		this.json = json;
		this.validator = validator;
	}

	@PostMapping(path = "/api/bench/results", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BenchResults.StoredResult> post(HttpServletRequest request) throws IOException {
		// at most lab.limits.max-request-bytes, chunked or not (RequestSizeFilter)
		byte[] body = request.getInputStream().readAllBytes();
		BenchResult result;
		try {
			result = this.json.readValue(body, BenchResult.class);
		}
		catch (JacksonException ex) {
			throw new RejectedResult(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY,
					"The body must be one benchmark result as a JSON object (window.benchResult of the benchmark page): "
							+ ex.getOriginalMessage(),
					List.of());
		}
		if (result == null) {
			throw new RejectedResult(HttpStatus.BAD_REQUEST, Problems.MALFORMED_BODY, "The body is empty.", List.of());
		}
		Set<ConstraintViolation<BenchResult>> violations = this.validator.validate(result);
		if (!violations.isEmpty()) {
			List<Map<String, String>> errors = violations.stream()
				.sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
				.map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
				.toList();
			throw new RejectedResult(HttpStatus.BAD_REQUEST, "invalid-bench-result",
					"The benchmark result has " + errors.size() + " invalid field(s); see 'errors'.", errors);
		}
		BenchResults.StoredResult stored = this.results.add(result);
		return ResponseEntity.created(
				ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/bench/results/{id}").build(stored.id()))
			.body(stored);
	}

	@GetMapping("/api/bench/results")
	Map<String, Object> list(@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadParameterException("limit", "must be 1.." + MAX_LIMIT + ", got " + limit);
		}
		return Map.of("capacity", this.results.capacity(), "results", this.results.newest(limit));
	}

	@GetMapping("/api/bench/results/{id}")
	BenchResults.StoredResult one(@PathVariable long id) {
		return this.results.find(id)
			.orElseThrow(() -> new RejectedResult(HttpStatus.NOT_FOUND, "unknown-bench-result",
					"No benchmark result " + id + " is kept (the newest " + this.results.capacity() + " are).",
					List.of()));
	}

	/** A post that is not stored, and why. */
	static final class RejectedResult extends ProblemException {

		private final List<Map<String, String>> errors;

		RejectedResult(HttpStatus status, String type, String detail, List<Map<String, String>> errors) {
			super(status, type, detail);
			this.errors = errors;
		}

		@Override
		public Map<String, Object> properties() {
			return this.errors.isEmpty() ? Map.of() : Map.of("errors", this.errors);
		}

	}

}
