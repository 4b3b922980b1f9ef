package dev.transportlab.bench;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(BenchResultsController.class)
@Import(BenchResults.class)
class BenchResultsControllerTests {

	static final String VALID = """
			{"transport":"sse","rate":100,"markers":100,"durationS":5,"mode":"coalesced",
			 "received":500,"lost":0,"duplicates":0,
			 "latencyMs":{"p50":6.1,"p95":9.0,"p99":12.5,"max":20.0},
			 "deliveryMs":{"p50":1.2,"p95":2.0,"p99":3.1,"max":7.0},
			 "fps":{"mean":59.8},"frameMs":{"p50":16.7,"p99":18.1},"droppedFramesPct":0.4,
			 "bytes":123456,"requests":1,"clockOffsetMs":-0.3,"clockRttMs":0.8}
			""";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	BenchResults results;

	@Test
	void storesAValidResultAndListsItNewestFirst() {
		assertThat(this.mvc.post().uri("/api/bench/results").contentType(MediaType.APPLICATION_JSON).content(VALID))
			.hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "http://localhost/api/bench/results/1")
			.bodyJson()
			.extractingPath("$.result.latencyMs.p99")
			.isEqualTo(12.5);
		this.mvc.post()
			.uri("/api/bench/results")
			.contentType(MediaType.APPLICATION_JSON)
			.content(VALID.replace("\"sse\"", "\"polling\""))
			.exchange();

		assertThat(this.mvc.get().uri("/api/bench/results")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.results[*].result.transport")
			.asArray()
			.containsExactly("polling", "sse");
		assertThat(this.mvc.get().uri("/api/bench/results/1")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.result.transport")
			.isEqualTo("sse");
	}

	@Test
	void rejectsInvalidFieldsWithProblemJsonNamingEachField() {
		String invalid = VALID.replace("\"sse\"", "\"carrier-pigeon\"").replace("\"lost\":0", "\"lost\":-1");
		assertThat(this.mvc.post().uri("/api/bench/results").contentType(MediaType.APPLICATION_JSON).content(invalid))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("lost", "transport");
	}

	@Test
	void rejectsMissingFields() {
		assertThat(this.mvc.post()
			.uri("/api/bench/results")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"transport\":\"sse\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:transport-lab:problem:invalid-bench-result");
	}

	@Test
	void rejectsMalformedJson() {
		assertThat(
				this.mvc.post().uri("/api/bench/results").contentType(MediaType.APPLICATION_JSON).content("{\"rate\":"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:transport-lab:problem:malformed-body");
		assertThat(this.mvc.post().uri("/api/bench/results").contentType(MediaType.APPLICATION_JSON).content("[1,2]"))
			.hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void rejectsOversizedBodiesBeforeParsing() {
		String huge = VALID.replace("\"clockRttMs\":0.8", "\"clockRttMs\":0.8,\"pad\":\"" + "x".repeat(20_000) + "\"");
		assertThat(this.mvc.post().uri("/api/bench/results").contentType(MediaType.APPLICATION_JSON).content(huge))
			.hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void rejectsOtherContentTypesAndBadLimits() {
		assertThat(this.mvc.post().uri("/api/bench/results").contentType(MediaType.TEXT_PLAIN).content(VALID))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(this.mvc.get().uri("/api/bench/results?limit=0")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/api/bench/results/999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
