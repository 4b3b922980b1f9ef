package dev.transportlab.tools.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a library client will not do: send any bytes in
 * a header, stop reading on purpose, or cut the connection at an exact moment. It reads
 * the status line and headers and hands over the body (chunked transfer decoded).
 */
public final class RawHttp implements AutoCloseable {

	public final Socket socket;

	public final int status;

	public final Map<String, String> headers;

	public final InputStream body;

	private RawHttp(Socket socket, int status, Map<String, String> headers, InputStream body) {
		this.socket = socket;
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	/**
	 * Sends {@code GET target} with the extra header lines (each "Name: value", any bytes
	 * but CR/LF) and reads the response head.
	 * @param receiveBuffer socket receive buffer in bytes, 0 for the default
	 */
	public static RawHttp get(int port, String target, String extraHeaders, int receiveBuffer, int readTimeoutMillis)
			throws IOException {
		Socket socket = new Socket();
		try {
			if (receiveBuffer > 0) {
				socket.setReceiveBufferSize(receiveBuffer);
			}
			socket.setSoTimeout(readTimeoutMillis);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			if (extraHeaders != null && !extraHeaders.isEmpty()) {
				request.writeBytes(extraHeaders.getBytes(StandardCharsets.UTF_8));
				request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.write(request.toByteArray());
			out.flush();
			return readHead(socket);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/** Just the head: status line and headers; the body stream is positioned after them. */
	private static RawHttp readHead(Socket socket) throws IOException {
		InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
		String statusLine = readLine(in);
		if (statusLine == null) {
			throw new EOFException("connection closed before a status line");
		}
		String[] parts = statusLine.split(" ", 3);
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		String line;
		while ((line = readLine(in)) != null && !line.isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
			}
		}
		InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
		if (headers.containsKey("content-length")) {
			body = new Limited(body, Long.parseLong(headers.get("content-length")));
		}
		return new RawHttp(socket, status, headers, body);
	}

	/** The whole body as text (for short answers such as problem documents). */
	public String bodyText() throws IOException {
		return new String(this.body.readAllBytes(), StandardCharsets.UTF_8);
	}

	/** A line ending in CRLF or LF, without it; null at the end of the stream. */
	public static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(80);
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			line.write(b);
		}
		return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
	}

	/** Cuts the connection with a TCP reset, the way a crashed client or a dropped network looks. */
	public void abort() {
		try {
			this.socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed
		}
		close();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	/** Transfer-Encoding: chunked, decoded. */
	private static final class Chunked extends InputStream {

		private final InputStream in;

		private long remaining;

		private boolean done;

		public Chunked(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return n == -1 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.remaining == 0) {
				String size = readLine(this.in);
				if (size == null) {
					this.done = true;
					return -1;
				}
				if (size.isEmpty()) { // the CRLF after the previous chunk
					size = readLine(this.in);
					if (size == null) {
						this.done = true;
						return -1;
					}
				}
				int semicolon = size.indexOf(';');
				this.remaining = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
				if (this.remaining == 0) {
					this.done = true;
					return -1;
				}
			}
			int n = this.in.read(buffer, offset, (int) Math.min(length, this.remaining));
			if (n == -1) {
				throw new EOFException("connection closed inside a chunk");
			}
			this.remaining -= n;
			return n;
		}

	}

	/** Content-Length bytes, then the end. */
	private static final class Limited extends InputStream {

		private final InputStream in;

		private long remaining;

		public Limited(InputStream in, long length) {
			this.in = in;
			this.remaining = length;
		}

		@Override
		public int read() throws IOException {
			if (this.remaining <= 0) {
				return -1;
			}
			int b = this.in.read();
			if (b != -1) {
				this.remaining--;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.remaining <= 0) {
				return -1;
			}
			int n = this.in.read(buffer, offset, (int) Math.min(length, this.remaining));
			if (n > 0) {
				this.remaining -= n;
			}
			return n;
		}

	}

}
