package dev.transportlab.web;

import dev.transportlab.jobs.JobService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The /jobs page: start a job, follow it over the transport of your choice
 * (static/js/pages/jobs-page.js, logic in static/js/composables/useJobsPage.js).
 */
@Controller
class JobsPageController {

	@GetMapping("/jobs")
	String jobs(Model model) {
		model.addAttribute("page", "jobs");
		model.addAttribute("maxSteps", JobService.MAX_STEPS);
		model.addAttribute("minStepMillis", JobService.MIN_STEP_MILLIS);
		model.addAttribute("maxStepMillis", JobService.MAX_STEP_MILLIS);
		return "jobs";
	}

}
