package dev.transportlab.web;

import dev.transportlab.feed.FeedRegistry;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The pages: overview, one per transport (same template, same component), the race. */
@Controller
class PageController {

	@GetMapping("/")
	String overview(Model model) {
		model.addAttribute("page", "overview");
		model.addAttribute("feed", FeedRegistry.LIVE);
		return "overview";
	}

	@GetMapping("/{transport:polling|long-polling|websocket|sse|fetch}")
	String transport(@PathVariable String transport, Model model) {
		model.addAttribute("page", transport);
		model.addAttribute("transport", transport);
		model.addAttribute("feed", FeedRegistry.LIVE);
		return "transport";
	}

	@GetMapping("/race")
	String race(Model model) {
		model.addAttribute("page", "race");
		model.addAttribute("feed", FeedRegistry.LIVE);
		return "race";
	}

}
