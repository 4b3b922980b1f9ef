package dev.transportlab.jobs;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.transportlab.tools.client.JsonHttp.get;
import static dev.transportlab.tools.client.JsonHttp.parse;
import static dev.transportlab.tools.client.JsonHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job resource over real HTTP: start, read, cancel, fail, forget, and every error as
 * problem+json.
 */
@JobsSpringBootTestContext
class JobApiTests {

	@LocalServerPort
	int port;

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	JsonNode start(String body) throws Exception {
		HttpResponse<String> response = send("POST", url("/api/jobs"), body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return parse(response.body());
	}

	@Test
	void startAnswers201WithLocationStateAndFeedUrls() throws Exception {
		HttpResponse<String> response = send("POST", url("/api/jobs"), "{\"steps\":5,\"stepMillis\":20}");

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode job = parse(response.body());
		long id = job.get("id").asLong();
		assertThat(response.headers().firstValue("Location")).hasValue(url("/api/jobs/" + id));
		assertThat(job.get("state").asString()).isEqualTo("running");
		assertThat(job.get("steps").asInt()).isEqualTo(5);
		assertThat(job.get("feed").asString()).isEqualTo("job-" + id);
		assertThat(job.get("urls").get("events").asString()).isEqualTo("/api/feeds/job-" + id + "/events");
		assertThat(job.get("urls").get("stream").asString()).isEqualTo("/api/feeds/job-" + id + "/stream");
		assertThat(job.get("urls").get("websocket").asString()).isEqualTo("/ws/feeds/job-" + id);
		assertThat(job.get("seq").asLong()).as("the first event exists when POST answers").isEqualTo(1);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode now = parse(get(url("/api/jobs/" + id)).body());
			assertThat(now.get("state").asString()).isEqualTo("succeeded");
			assertThat(now.get("percent").asInt()).isEqualTo(100);
			assertThat(now.get("result").get("processed").asInt()).isEqualTo(5);
			assertThat(now.get("expiresAt").isString()).isTrue();
		});
		assertThat(parse(get(url("/api/feeds/job-" + id)).body()).get("seq").asLong()).isEqualTo(6);
	}

	@Test
	void emptyBodyStartsAJobWithDefaults() throws Exception {
		JsonNode job = start(null);
		assertThat(job.get("steps").asInt()).isEqualTo(20);
		assertThat(job.get("stepMillis").asInt()).isEqualTo(250);
		send("DELETE", url("/api/jobs/" + job.get("id").asLong()), null);
	}

	@Test
	void failAtStepEndsInFailedWithTheStepsBeforeIt() throws Exception {
		long id = start("{\"steps\":10,\"stepMillis\":10,\"failAtStep\":4}").get("id").asLong();

		await().atMost(Duration.ofSeconds(5))
			.until(() -> parse(get(url("/api/jobs/" + id)).body()).get("state").asString().equals("failed"));
		JsonNode answer = parse(get(url("/api/feeds/job-" + id + "/events?after=0")).body());
		List<String> states = new ArrayList<>();
		List<Integer> steps = new ArrayList<>();
		answer.get("events").forEach(e -> {
			states.add(e.get("state").asString());
			steps.add(e.get("step").asInt());
		});
		assertThat(steps).containsExactly(0, 1, 2, 3, 3);
		assertThat(states).containsExactly("running", "running", "running", "running", "failed");
		JsonNode last = answer.get("events").get(4);
		assertThat(last.get("error").asString()).isEqualTo("simulated failure at step 4 of 10");
		assertThat(last.get("percent").asInt()).isEqualTo(30);
		assertThat(last.has("result")).isFalse();
	}

	@Test
	void deleteCancelsARunningJobAndItsFeedStops() throws Exception {
		long id = start("{\"steps\":100,\"stepMillis\":50}").get("id").asLong();
		Thread.sleep(120);

		HttpResponse<String> cancelled = send("DELETE", url("/api/jobs/" + id), null);

		assertThat(cancelled.statusCode()).isEqualTo(200);
		JsonNode view = parse(cancelled.body());
		assertThat(view.get("state").asString()).isEqualTo("cancelled");
		long seq = view.get("seq").asLong();
		JsonNode last = parse(get(url("/api/feeds/job-" + id + "/events")).body()).get("events").get(0);
		assertThat(last.get("seq").asLong()).isEqualTo(seq);
		assertThat(last.get("state").asString()).isEqualTo("cancelled");
		assertThat(last.get("step").asInt()).isEqualTo(view.get("step").asInt()).isLessThan(100);
		Thread.sleep(200); // four step times: nothing more may come
		assertThat(parse(get(url("/api/feeds/job-" + id)).body()).get("seq").asLong()).isEqualTo(seq);

		HttpResponse<String> again = send("DELETE", url("/api/jobs/" + id), null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(parse(again.body()).get("type").asString()).isEqualTo("urn:transport-lab:problem:job-finished");
	}

	@Test
	void aFinishedJobIsForgottenAfterTheRetention() throws Exception {
		long id = start("{\"steps\":1,\"stepMillis\":10}").get("id").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> parse(get(url("/api/jobs/" + id)).body()).get("state").asString().equals("succeeded"));
		// still readable for a while (retention is 10 s in these tests) ...
		Thread.sleep(1000);
		assertThat(get(url("/api/jobs/" + id)).statusCode()).isEqualTo(200);
		assertThat(get(url("/api/feeds/job-" + id + "/events")).statusCode()).isEqualTo(200);
		// ... then gone, the job and its feed
		await().atMost(Duration.ofSeconds(20)).until(() -> get(url("/api/jobs/" + id)).statusCode() == 404);
		assertThat(get(url("/api/feeds/job-" + id + "/events")).statusCode()).isEqualTo(404);
	}

	@Test
	void unknownJobIs404ProblemJson() throws Exception {
		for (String id : List.of("999999", "abc", "job-1", "-1")) {
			for (String method : List.of("GET", "DELETE")) {
				HttpResponse<String> response = send(method, url("/api/jobs/" + id), null);
				assertThat(response.statusCode()).as(method + " " + id).isEqualTo(404);
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				JsonNode problem = parse(response.body());
				assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:unknown-job");
				assertThat(problem.get("detail").asString()).contains("POST /api/jobs");
			}
		}
	}

	@Test
	void badParametersAre400ProblemJsonNamingTheParameter() throws Exception {
		record Case(String body, String parameter, String detail) {
		}
		List<Case> cases = List.of(new Case("{\"steps\":0}", "steps", "must be 1..1000, got 0"),
				new Case("{\"steps\":1001}", "steps", "must be 1..1000, got 1001"),
				new Case("{\"stepMillis\":9}", "stepMillis", "must be 10..5000"),
				new Case("{\"stepMillis\":5001}", "stepMillis", "must be 10..5000"),
				new Case("{\"steps\":5,\"failAtStep\":6}", "failAtStep", "must be 1..steps (5)"),
				new Case("{\"failAtStep\":0}", "failAtStep", "must be 1..steps (20)"));
		for (Case c : cases) {
			HttpResponse<String> response = send("POST", url("/api/jobs"), c.body());
			assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = parse(response.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:bad-parameter");
			assertThat(problem.get("parameter").asString()).isEqualTo(c.parameter());
			assertThat(problem.get("detail").asString()).contains(c.detail());
		}
		for (String malformed : List.of("{\"steps\":\"many\"}", "[1,2]", "{steps:", "{\"steps\":99999999999}")) {
			HttpResponse<String> response = send("POST", url("/api/jobs"), malformed);
			assertThat(response.statusCode()).as(malformed).isEqualTo(400);
			JsonNode problem = parse(response.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:transport-lab:problem:malformed-body");
			assertThat(problem.get("detail").asString()).contains("stepMillis");
		}
	}

	@Test
	void runningJobsAreCappedWith429() throws Exception {
		List<Long> started = new ArrayList<>();
		HttpResponse<String> refused = null;
		try {
			// the cap is 4 in these tests; other jobs may still be running, so stop at
			// the first refusal
			for (int i = 0; i < 5 && refused == null; i++) {
				HttpResponse<String> response = send("POST", url("/api/jobs"), "{\"steps\":1000,\"stepMillis\":1000}");
				if (response.statusCode() == 201) {
					started.add(parse(response.body()).get("id").asLong());
				}
				else {
					refused = response;
				}
			}
			assertThat(refused).as("a fifth running job").isNotNull();
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(parse(refused.body()).get("detail").asString()).contains("lab.jobs.max-running");
		}
		finally {
			for (long id : started) {
				send("DELETE", url("/api/jobs/" + id), null);
			}
		}
		assertThat(send("POST", url("/api/jobs"), "{\"steps\":1,\"stepMillis\":10}").statusCode())
			.as("room again once cancelled")
			.isEqualTo(201);
	}

}
