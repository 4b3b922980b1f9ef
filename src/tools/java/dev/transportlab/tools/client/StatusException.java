package dev.transportlab.tools.client;

/**
 * An HTTP answer other than 200 where a stream or poll was asked for (a 503 at the limit, a
 * 502 from a proxy): the connection was made and refused by the server, which a tool counts
 * apart from a refused TCP connect. Message "HTTP nnn", as before this type existed.
 */
public final class StatusException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final int status;

	public StatusException(int status) {
		super("HTTP " + status);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}
