package dev.transportlab.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.transportlab.LabProperties;
import dev.transportlab.problem.AccessDeniedException;

import org.springframework.stereotype.Component;

/**
 * The guard of the API's writes (changing a feed, issuing tokens for private feeds):
 * {@code Authorization: Bearer <lab.admin-token>} when one is set, nothing otherwise.
 */
@Component
public class AdminToken {

	private final byte[] token;

	AdminToken(LabProperties properties) {
		this.token = properties.adminToken().getBytes(StandardCharsets.UTF_8);
	}

	public boolean required() {
		return this.token.length > 0;
	}

	/**
	 * @throws AccessDeniedException 401 without a bearer token, 403 with another one
	 */
	public void check(String authorization) {
		if (this.token.length == 0) {
			return;
		}
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new AccessDeniedException(false);
		}
		byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
		// constant time, so the token cannot be guessed byte by byte from response times
		if (!MessageDigest.isEqual(given, this.token)) {
			throw new AccessDeniedException(true);
		}
	}

}
