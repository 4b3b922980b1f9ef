package dev.transportlab.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Issues the tokens of private feeds: HS256 JWTs with {@code iss}, {@code feed} (the one
 * feed they open), {@code iat} and {@code exp}, signed with {@code lab.auth.secret}.
 */
final class FeedTokens {

	static final String ISSUER = "transport-lab";

	static final String FEED_CLAIM = "feed";

	private final JwtEncoder encoder;

	private final Duration ttl;

	private final Clock clock;

	FeedTokens(JwtEncoder encoder, Duration ttl, Clock clock) {
		this.encoder = encoder;
		this.ttl = ttl;
		this.clock = clock;
	}

	Issued issue(String feed) {
		// whole seconds: exp is in seconds, and the answer's expiresAt must be exp
		Instant now = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.issuedAt(now)
			.expiresAt(now.plus(this.ttl))
			.claim(FEED_CLAIM, feed)
			.build();
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new Issued(token, now.plus(this.ttl));
	}

	Duration ttl() {
		return this.ttl;
	}

	/** The body of POST /api/feeds/{id}/tokens. */
	record Issued(String token, Instant expiresAt) {
	}

}
