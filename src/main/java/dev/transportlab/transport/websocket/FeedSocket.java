package dev.transportlab.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.FeedSink;
import dev.transportlab.feed.Gap;
import dev.transportlab.transport.NonBlockingOutput;

/**
 * One WebSocket connection of the direct engine: the connection Tomcat hands over after
 * the 101 answer, read and written without blocking. Events go out as the shared frames
 * of {@link WebSocketFrames} (one write each, no per-connection encoding or compression);
 * the client may send text messages (resume requests, given to {@code onText}), pings and
 * a close. Anything else closes with the RFC 6455 code that fits: 1002 protocol error,
 * 1003 binary, 1007 bad UTF-8, 1009 too big.
 */
public final class FeedSocket implements HttpUpgradeHandler, FeedSink, ReadListener, WriteListener {

	/** Closes connections whose client does not answer our close frame in time. */
	private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "websocket-closer");
		thread.setDaemon(true);
		return thread;
	});

	private static final WebSocketFrames FRAMES = new WebSocketFrames();

	private static final byte[] PING = WebSocketFrames.frame(WebSocketFrames.PING, false, new byte[0]);

	private static final long CLOSE_WAIT_SECONDS = 3;

	private Settings settings;

	private WebConnection connection;

	private ServletInputStream in;

	private volatile NonBlockingOutput out;

	private volatile Runnable wake = () -> {
	};

	/** The container called onWritePossible once: the feed may write. */
	private volatile boolean opened;

	private volatile boolean closeSent;

	private volatile boolean closed;

	/** After a protocol error the rest of the input cannot be framed: it is dropped. */
	private boolean discardInput;

	// ---- reading state: touched only by the container's read callbacks ----

	private final byte[] header = new byte[14];

	private int headerLength;

	private byte[] payload;

	private int payloadRead;

	private final byte[] readBuffer = new byte[512];

	private ByteArrayOutputStream message;

	private boolean messageCompressed;

	private Inflater inflater;

	/**
	 * What the handshake decided: deflate agreed or not, the size limit for client
	 * messages, the stall limit, and what to do with a text message and with the end.
	 */
	record Settings(boolean deflate, int maxMessageBytes, long stallNanos, Consumer<String> onText, Runnable onEnd,
			Consumer<FeedSocket> onOpen) {
	}

	/** Tomcat makes the instance; the handshake gives it its settings before init. */
	public FeedSocket() {
	}

	void configure(Settings settings) {
		this.settings = settings;
	}

	@Override
	public void init(WebConnection connection) {
		this.connection = connection;
		try {
			this.in = connection.getInputStream();
			this.out = new NonBlockingOutput(connection.getOutputStream());
			this.in.setReadListener(this);
			connection.getOutputStream().setWriteListener(this);
		}
		catch (IOException ex) {
			abort();
		}
	}

	@Override
	public void destroy() {
		synchronized (this) {
			this.closed = true; // the container recycles the streams: never touch them
								// again
		}
		end();
	}

	// ---- writing ----

	@Override
	public void onWritePossible() throws IOException {
		boolean first;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			first = !this.opened;
			this.opened = true;
			this.out.writable(); // sends what waited (a pong, a close)
		}
		if (first) {
			// subscribes: the feed may write from now
			this.settings.onOpen().accept(this);
		}
		this.wake.run();
	}

	@Override
	public boolean nonBlocking() {
		return true;
	}

	@Override
	public void onWritable(Runnable wake) {
		this.wake = wake;
	}

	@Override
	public synchronized boolean writable() {
		try {
			return this.opened && !this.closeSent && !this.closed && this.out.writable();
		}
		catch (IOException ex) {
			return false; // the container reports it (onError)
		}
	}

	@Override
	public boolean stalled(long nowNanos) {
		NonBlockingOutput output = this.out;
		return output != null && output.stalledLongerThan(nowNanos, this.settings.stallNanos());
	}

	@Override
	public long sendEvents(List<FeedEvent> events) throws IOException {
		boolean deflate = this.settings.deflate();
		if (events.size() == 1) {
			byte[] frame = FRAMES.event(events.get(0), deflate);
			write(frame);
			return events.get(0).utf8().length;
		}
		ByteArrayOutputStream batch = new ByteArrayOutputStream();
		long bytes = 0;
		for (FeedEvent event : events) {
			batch.write(FRAMES.event(event, deflate));
			bytes += event.utf8().length;
		}
		write(batch.toByteArray()); // one write: a second could find the socket busy
		return bytes;
	}

	@Override
	public long sendGap(Gap gap) throws IOException {
		String json = gap.json();
		write(FRAMES.text(json, this.settings.deflate()));
		return json.length();
	}

	@Override
	public void sendHeartbeat() throws IOException {
		write(PING);
	}

	@Override
	public void close(EndReason reason) {
		switch (reason) {
			case SHUTDOWN -> closeWith(1001, "server shutting down");
			case FEED_REMOVED -> closeWith(1001, "feed removed");
			case AUTH_EXPIRED -> closeWith(4001, "token expired"); // private feed: fresh
																	// token, resume
			case WRITE_FAILED -> abort(); // it takes no writes: a close frame would not
											// reach it
		}
	}

	/** Sends a close frame (after what waits to be written) and waits for the answer. */
	synchronized void closeWith(int code, String reason) {
		if (this.closeSent || this.closed) {
			return;
		}
		this.closeSent = true;
		try {
			if (this.out != null) {
				this.out.write(WebSocketFrames.close(code, reason));
			}
		}
		catch (IOException ex) {
			abort();
			return;
		}
		CLOSER.schedule(this::abort, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
	}

	private synchronized void write(byte[] frame) throws IOException {
		if (this.closed) {
			throw new IOException("the connection has ended");
		}
		if (!this.closeSent) {
			this.out.write(frame);
		}
	}

	/** A control frame from the read side (pong): now, or after what waits. */
	private synchronized void control(byte[] frame) throws IOException {
		if (!this.closeSent && !this.closed) {
			this.out.write(frame);
		}
	}

	// ---- reading ----

	@Override
	public void onDataAvailable() throws IOException {
		while (!this.closed && this.in.isReady()) {
			int n = this.in.read(this.readBuffer);
			if (n < 0) {
				abort();
				return;
			}
			for (int at = 0; at < n && !this.closed && !this.discardInput;) {
				at = consume(this.readBuffer, at, n);
			}
		}
	}

	@Override
	public void onAllDataRead() {
		abort();
	}

	@Override
	public void onError(Throwable ex) {
		abort();
	}

	/** Feeds bytes to the frame parser; returns how far it got. */
	private int consume(byte[] bytes, int at, int end) throws IOException {
		if (this.payload == null) {
			this.header[this.headerLength++] = bytes[at++];
			int needed = headerSize();
			if (needed < 0 || this.headerLength < needed) {
				return at;
			}
			long length = payloadLength();
			if (!checkHeader(length)) {
				return end;
			}
			this.payload = new byte[(int) length];
			this.payloadRead = 0;
		}
		int take = Math.min(end - at, this.payload.length - this.payloadRead);
		System.arraycopy(bytes, at, this.payload, this.payloadRead, take);
		this.payloadRead += take;
		if (this.payloadRead == this.payload.length) {
			frameComplete();
		}
		return at + take;
	}

	/** Header bytes the frame needs, or -1 while the length byte is not here yet. */
	private int headerSize() {
		if (this.headerLength < 2) {
			return -1;
		}
		int length = this.header[1] & 0x7F;
		int extended = (length == 126) ? 2 : (length == 127) ? 8 : 0;
		return 2 + extended + (((this.header[1] & 0x80) != 0) ? 4 : 0);
	}

	private long payloadLength() {
		int length = this.header[1] & 0x7F;
		if (length < 126) {
			return length;
		}
		int bytes = (length == 126) ? 2 : 8;
		long value = 0;
		for (int i = 0; i < bytes; i++) {
			value = (value << 8) | (this.header[2 + i] & 0xFF);
		}
		return value;
	}

	private boolean checkHeader(long length) throws IOException {
		int opcode = this.header[0] & 0x0F;
		boolean fin = (this.header[0] & 0x80) != 0;
		boolean rsv1 = (this.header[0] & 0x40) != 0;
		boolean control = opcode >= 0x8;
		if ((this.header[1] & 0x80) == 0) {
			return fail(1002, "client frames must be masked");
		}
		if ((this.header[0] & 0x30) != 0 || (rsv1 && (!this.settings.deflate() || control || opcode == 0))) {
			return fail(1002, "reserved bits set");
		}
		if (control && (!fin || length > 125)) {
			return fail(1002, "control frames are short and unfragmented");
		}
		if (opcode == WebSocketFrames.BINARY) {
			return fail(1003, "binary messages are not accepted; send a text resume message");
		}
		if (!control && opcode != WebSocketFrames.TEXT && opcode != 0) {
			return fail(1002, "unknown opcode " + opcode);
		}
		if (opcode == 0 && this.message == null) {
			return fail(1002, "continuation without a message");
		}
		if (opcode == WebSocketFrames.TEXT && this.message != null) {
			return fail(1002, "a new message inside a fragmented one");
		}
		long sofar = (opcode == 0) ? this.message.size() : 0;
		if (!control && sofar + length > this.settings.maxMessageBytes()) {
			return fail(1009, "message too big; at most " + this.settings.maxMessageBytes() + " bytes");
		}
		return true;
	}

	private void frameComplete() throws IOException {
		int opcode = this.header[0] & 0x0F;
		boolean fin = (this.header[0] & 0x80) != 0;
		int maskAt = headerSize() - 4;
		byte[] data = this.payload;
		for (int i = 0; i < data.length; i++) {
			data[i] ^= this.header[maskAt + (i & 3)];
		}
		this.payload = null;
		this.headerLength = 0;
		switch (opcode) {
			case WebSocketFrames.PING -> control(WebSocketFrames.frame(WebSocketFrames.PONG, false, data));
			case WebSocketFrames.PONG -> {
				// an answer to our heartbeat: nothing to do
			}
			case WebSocketFrames.CLOSE -> closeReceived(data);
			default -> {
				if (opcode == WebSocketFrames.TEXT) {
					this.message = new ByteArrayOutputStream(data.length);
					this.messageCompressed = (this.header[0] & 0x40) != 0;
				}
				this.message.write(data);
				if (fin) {
					byte[] whole = this.message.toByteArray();
					this.message = null;
					textComplete(this.messageCompressed ? inflate(whole) : whole);
				}
			}
		}
	}

	private void textComplete(byte[] utf8) throws IOException {
		if (utf8 == null) {
			return; // inflate failed and closed
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(utf8))
				.toString();
		}
		catch (CharacterCodingException ex) {
			fail(1007, "text message is not UTF-8");
			return;
		}
		this.settings.onText().accept(text);
	}

	private byte[] inflate(byte[] compressed) throws IOException {
		if (this.inflater == null) {
			// kept across messages: the client may use context takeover
			this.inflater = new Inflater(true);
		}
		// RFC 7692 7.2.2: the sender left out the sync flush's tail 00 00 FF FF
		byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
		input[input.length - 2] = (byte) 0xFF;
		input[input.length - 1] = (byte) 0xFF;
		this.inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] chunk = new byte[512];
		try {
			int n;
			while ((n = this.inflater.inflate(chunk)) > 0) {
				out.write(chunk, 0, n);
				if (out.size() > this.settings.maxMessageBytes()) {
					fail(1009, "message too big; at most " + this.settings.maxMessageBytes() + " bytes");
					return null;
				}
			}
		}
		catch (DataFormatException ex) {
			fail(1007, "bad compressed data");
			return null;
		}
		return out.toByteArray();
	}

	/** The client closes: answer with its code (RFC 6455 5.5.1), then hang up. */
	private void closeReceived(byte[] data) throws IOException {
		int code = (data.length >= 2) ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : 1000;
		if (data.length == 1 || !validCloseCode(code)) {
			code = 1002;
		}
		synchronized (this) {
			if (!this.closeSent && !this.closed) {
				this.closeSent = true;
				this.out.write(WebSocketFrames.close(code, ""));
				this.out.writable();
			}
		}
		abort();
	}

	private static boolean validCloseCode(int code) {
		return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
	}

	private boolean fail(int code, String reason) {
		this.discardInput = true;
		closeWith(code, reason);
		return false;
	}

	/** Ends the connection at once, without a close handshake. */
	void abort() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				this.connection.close();
			}
			catch (Exception ex) {
				// gone already
			}
		}
		end();
	}

	private void end() {
		Runnable onEnd = this.settings == null ? null : this.settings.onEnd();
		if (onEnd != null) {
			onEnd.run();
		}
	}

}
