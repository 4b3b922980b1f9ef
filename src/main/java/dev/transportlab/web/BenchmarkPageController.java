package dev.transportlab.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The benchmark page. Its settings come from the query string and are read by the page
 * module (static/js/lib/bench-settings.js); static/js/composables/useBenchmarkRun.js
 * implements the autorun contract of docs/benchmark.md. The layout's language and UI
 * strings come from {@link UiMessages}, as on every page.
 */
@Controller
class BenchmarkPageController {

	@GetMapping("/benchmark")
	String benchmark(Model model) {
		model.addAttribute("page", "benchmark");
		return "benchmark";
	}

}
