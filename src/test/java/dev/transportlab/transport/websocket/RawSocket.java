package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client in a few lines: handshake, masked frames out, frames in. Shared by
 * the direct engine's tests with and without Spring.
 */
final class RawSocket implements AutoCloseable {

	/** A frame the server sent. */
	record Frame(int opcode, boolean compressed, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		int closeCode() {
			return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

		String closeReason() {
			return new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8);
		}

	}

	final Socket socket;

	final DataInputStream in;

	final OutputStream out;

	final Map<String, String> headers = new HashMap<>();

	private RawSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(5000);
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	static RawSocket open(int port, String path, String extensions) throws IOException {
		RawSocket raw = new RawSocket(new Socket("127.0.0.1", port));
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
				+ ((extensions != null) ? "Sec-WebSocket-Extensions: " + extensions + "\r\n" : "") + "\r\n";
		raw.out.write(request.getBytes(StandardCharsets.US_ASCII));
		String status = raw.line();
		assertThat(status).startsWith("HTTP/1.1 101");
		for (String line = raw.line(); !line.isEmpty(); line = raw.line()) {
			int colon = line.indexOf(':');
			raw.headers.put(line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
		}
		assertThat(raw.headers.get("sec-websocket-accept"))
			.isEqualTo(FeedSocketController.accept(Base64.getEncoder().encodeToString(key)));
		return raw;
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = this.in.read()) != '\n') {
			if (c < 0) {
				throw new IOException("closed");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/** The next {@code count} text frames, skipping pings. */
	List<Frame> frames(int count) throws IOException {
		List<Frame> frames = new ArrayList<>();
		while (frames.size() < count) {
			Frame frame = nextFrame();
			if (frame.opcode() == 0x1) {
				frames.add(frame);
			}
		}
		return frames;
	}

	Frame nextFrame() throws IOException {
		int b0 = this.in.readUnsignedByte();
		int b1 = this.in.readUnsignedByte();
		assertThat(b1 & 0x80).as("server frames are not masked").isZero();
		assertThat(b0 & 0x80).as("server frames are final").isNotZero();
		long length = b1 & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[(int) length];
		this.in.readFully(payload);
		return new Frame(b0 & 0x0F, (b0 & 0x40) != 0, payload);
	}

	int closeCode() throws IOException {
		Frame frame = nextFrame();
		while (frame.opcode() != 0x8) {
			frame = nextFrame();
		}
		return frame.closeCode();
	}

	/** True when the server hung up (end of stream) within the socket's timeout. */
	boolean hungUp() throws IOException {
		return this.in.read() < 0;
	}

	void send(int opcode, boolean fin, boolean rsv1, byte[] payload) throws IOException {
		this.out.write(masked(opcode, fin, rsv1, payload));
	}

	void sendUnmasked(int opcode, byte[] payload) throws IOException {
		this.out.write(new byte[] { (byte) (0x80 | opcode), (byte) payload.length });
		this.out.write(payload);
	}

	/** A client frame as RFC 6455 5.2 has it, with a random mask and any length. */
	static byte[] masked(int opcode, boolean fin, boolean rsv1, byte[] payload) {
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		mask[0] |= 0x01; // never all zero: an unmasking bug must show
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
		int length = payload.length;
		if (length < 126) {
			frame.write(0x80 | length);
		}
		else if (length < 65536) {
			frame.write(0x80 | 126);
			frame.write(length >>> 8);
			frame.write(length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int i = 0; i < 8; i++) {
				frame.write((int) ((long) length >>> (56 - 8 * i)) & 0xFF);
			}
		}
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		return frame.toByteArray();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
