package dev.transportlab.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.transportlab.LabProperties;
import dev.transportlab.problem.AccessDeniedException;

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

/** Feed settings: read, change (admin token when configured), create benchmark feeds. */
@RestController
class FeedController {

	private final FeedRegistry feeds;

	private final byte[] adminToken;

	FeedController(FeedRegistry feeds, LabProperties properties) {
		this.feeds = feeds;
		this.adminToken = properties.adminToken().getBytes(StandardCharsets.UTF_8);
	}

	@GetMapping("/api/feeds/{id}")
	Map<String, Object> feed(@PathVariable String id) {
		return describe(this.feeds.get(id));
	}

	@PutMapping("/api/feeds/{id}")
	Map<String, Object> update(@PathVariable String id, @RequestBody FeedSettings change,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		checkAdmin(authorization);
		return describe(this.feeds.update(id, change));
	}

	@PostMapping("/api/feeds")
	ResponseEntity<Map<String, Object>> create(@RequestBody FeedSettings settings) {
		Feed feed = this.feeds.create(settings);
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/feeds/{id}").build(feed.id()))
			.body(describe(feed));
	}

	private void checkAdmin(String authorization) {
		if (this.adminToken.length == 0) {
			return;
		}
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new AccessDeniedException(false);
		}
		byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
		// constant time, so the token cannot be guessed byte by byte from response times
		if (!MessageDigest.isEqual(given, this.adminToken)) {
			throw new AccessDeniedException(true);
		}
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
		body.put("adminTokenRequired", this.adminToken.length > 0);
		Map<String, Integer> clients = new LinkedHashMap<>();
		feed.clients().forEach((transport, count) -> clients.put(transport.key(), count));
		body.put("subscribers", clients);
		return body;
	}

}
