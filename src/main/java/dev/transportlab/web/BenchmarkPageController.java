package dev.transportlab.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The benchmark page. Its settings come from the query string and are read by the page
 * module (static/js/benchmark.js), which also implements the autorun contract of DESIGN.md.
 */
@Controller
class BenchmarkPageController {

	private final UiMessages uiMessages;

	BenchmarkPageController(UiMessages uiMessages) {
		this.uiMessages = uiMessages;
	}

	@GetMapping("/benchmark")
	String benchmark(HttpServletRequest request, Model model) {
		model.addAttribute("page", "benchmark");
		// the layout's language and UI strings, as on the other pages
		model.addAttribute("lang", this.uiMessages.lang(request));
		model.addAttribute("uiMessagesJson", this.uiMessages.uiMessagesJson(request));
		return "benchmark";
	}

}
