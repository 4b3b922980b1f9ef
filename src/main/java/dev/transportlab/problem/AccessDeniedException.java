package dev.transportlab.problem;

/** The admin token is missing (401) or wrong (403). */
public class AccessDeniedException extends RuntimeException {

	private final boolean tokenPresent;

	public AccessDeniedException(boolean tokenPresent) {
		super(tokenPresent ? "The bearer token is not the configured admin token."
				: "Changing a feed needs 'Authorization: Bearer <token>' with the admin token (LAB_ADMIN_TOKEN).");
		this.tokenPresent = tokenPresent;
	}

	public boolean tokenPresent() {
		return this.tokenPresent;
	}

}
