package dev.transportlab.feed;

import dev.transportlab.problem.ProblemException;
import dev.transportlab.problem.Problems;

import org.springframework.http.HttpStatus;

/** No feed of that id (404). */
public class UnknownFeedException extends ProblemException {

	public UnknownFeedException(String id) {
		super(HttpStatus.NOT_FOUND, Problems.UNKNOWN_FEED, "No feed '"
				+ (id.length() > 40 ? id.substring(0, 40) + "..." : id)
				+ "'. The live feed is 'live'; benchmark feeds come from POST /api/feeds and vanish when unused.");
	}

}
