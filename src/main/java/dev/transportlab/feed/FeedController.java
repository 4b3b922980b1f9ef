package dev.transportlab.feed;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.transportlab.config.AdminToken;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Feed settings: read, change (admin token when configured), create benchmark feeds
 * (private ones are read with a token: auth/).
 */
@RestController
class FeedController {

	private final FeedRegistry feeds;

	private final AdminToken adminToken;

	FeedController(FeedRegistry feeds, AdminToken adminToken) {
		this.feeds = feeds;
		this.adminToken = adminToken;
	}

	@GetMapping("/api/feeds/{id}")
	Map<String, Object> feed(@PathVariable String id) {
		return describe(this.feeds.get(id));
	}

	@PutMapping("/api/feeds/{id}")
	Map<String, Object> update(@PathVariable String id, @RequestBody FeedSettings change,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		this.adminToken.check(authorization);
		return describe(this.feeds.update(id, change));
	}

	@PostMapping("/api/feeds")
	ResponseEntity<Map<String, Object>> create(@RequestBody NewFeed request) {
		Feed feed = this.feeds.create(new FeedSettings(request.rate(), request.markers()),
				Boolean.TRUE.equals(request.isPrivate()));
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/feeds/{id}").build(feed.id()))
			.body(describe(feed));
	}

	private Map<String, Object> describe(Feed feed) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", feed.id());
		body.put("rate", feed.settings().rate());
		body.put("markers", feed.settings().markers());
		body.put("epoch", feed.epoch());
		body.put("seq", feed.head());
		body.put("oldest", feed.oldest());
		body.put("log", feed.logState());
		body.put("private", FeedRegistry.isPrivate(feed.id()));
		body.put("adminTokenRequired", this.adminToken.required());
		Map<String, Integer> clients = new LinkedHashMap<>();
		feed.clients().forEach((transport, count) -> clients.put(transport.key(), count));
		body.put("subscribers", clients);
		return body;
	}

	/** The body of POST /api/feeds: settings, and whether the feed needs a token. */
	record NewFeed(Integer rate, Integer markers, @JsonProperty("private") Boolean isPrivate) {
	}

}
