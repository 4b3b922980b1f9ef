package dev.transportlab.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The benchmark page renders in the layout, with Chart.js from its webjar and its UI
 * strings.
 */
@WebMvcTest(BenchmarkPageController.class)
class BenchmarkPageControllerTests {

	@Autowired
	MockMvc mvc;

	@Test
	void rendersWithChartJsTheModuleAndTheStrings() throws Exception {
		this.mvc.perform(get("/benchmark"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html lang=\"en\"")))
			// the locator may put the webjar's version into the URL
			.andExpect(content().string(containsString("/dist/chart.umd.js\"></script>")))
			.andExpect(content().string(containsString("src=\"/js/pages/benchmark-page.js\"")))
			.andExpect(content().string(containsString("<div id=\"benchmark\"></div>")))
			.andExpect(content().string(containsString("\"bench.form.run\":\"Run\"")))
			.andExpect(content().string(containsString("class=\"active\">Benchmark</a>")));
	}

	@Test
	void speaksRussian() throws Exception {
		this.mvc.perform(get("/benchmark?lang=ru"))
			.andExpect(content().string(containsString("<html lang=\"ru\"")))
			.andExpect(content().string(containsString("<h1>Бенчмарк</h1>")))
			.andExpect(content().string(containsString("\"bench.form.run\":\"Запустить\"")));
	}

}
