package dev.transportlab.auth;

import jakarta.servlet.http.HttpServletRequest;

import dev.transportlab.config.AdminToken;
import dev.transportlab.feed.FeedRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/feeds/{id}/tokens}: a token to read the feed, guarded by the admin
 * token when one is set. The answer also sets it as the {@code lab_token} cookie
 * (HttpOnly: page scripts cannot read it; SameSite=Strict: no other site's page sends
 * it), which is how EventSource and a browser's WebSocket carry it.
 */
@RestController
class TokenController {

	private final FeedRegistry feeds;

	private final FeedTokens tokens;

	private final AdminToken adminToken;

	TokenController(FeedRegistry feeds, FeedTokens tokens, AdminToken adminToken) {
		this.feeds = feeds;
		this.tokens = tokens;
		this.adminToken = adminToken;
	}

	@PostMapping("/api/feeds/{id}/tokens")
	ResponseEntity<FeedTokens.Issued> issue(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			HttpServletRequest request) {
		this.adminToken.check(authorization);
		String feed = this.feeds.get(id).id(); // 404 for an unknown feed
		FeedTokens.Issued issued = this.tokens.issue(feed);
		ResponseCookie cookie = ResponseCookie.from(FeedTokenResolver.COOKIE, issued.token())
			.httpOnly(true)
			.sameSite("Strict")
			.secure(request.isSecure())
			.path("/")
			.maxAge(this.tokens.ttl())
			.build();
		return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.SET_COOKIE, cookie.toString()).body(issued);
	}

}
