package dev.transportlab.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The non-blocking writer against a stream that keeps the Servlet API's rule as Tomcat
 * does (a write or flush while the stream is not ready throws): every byte reaches the
 * client once, in order, and only through writes the stream allowed; bytes that had to
 * wait go with the next chance; a client that takes nothing is stalled from the first
 * refusal on.
 */
class NonBlockingOutputUnitTests {

	private final Container container = new Container();

	private final NonBlockingOutput out = new NonBlockingOutput(this.container);

	@Test
	void nothingIsWrittenBeforeTheStreamSaidItIsReady() throws Exception {
		this.out.write(bytes("retry: 2000\n\n"));
		assertThat(this.container.written()).isEmpty();
		assertThat(this.out.writable()).isTrue();
		assertThat(this.container.delivered()).isEqualTo("retry: 2000\n\n");
	}

	@Test
	void aReadyStreamDeliversEachWriteAtOnceAndFlushed() throws Exception {
		assertThat(this.out.writable()).isTrue();
		this.out.write(bytes("a"));
		assertThat(this.container.delivered()).isEqualTo("a");
		this.out.write(bytes("b"));
		assertThat(this.container.delivered()).isEqualTo("ab");
		assertThat(this.out.writable()).isTrue();
		assertThat(this.out.stalledLongerThan(System.nanoTime() + 1_000_000_000_000L, 1)).isFalse();
	}

	@Test
	void writesThatFindTheStreamBusyWaitInOrderAndGoWithTheNextChance() throws Exception {
		assertThat(this.out.writable()).isTrue();
		this.container.fillsOnNextWrite = true;
		this.out.write(bytes("event 1;"));
		// the write went in, but the socket is full: its flush must wait too
		assertThat(this.container.written()).isEqualTo("event 1;");
		assertThat(this.container.delivered()).isEmpty();
		this.out.write(bytes("gap;"));
		this.out.write(bytes("event 2;"));
		assertThat(this.container.written()).isEqualTo("event 1;");
		assertThat(this.out.writable()).isFalse();
		assertThat(this.out.writable()).isFalse();
		this.container.clientReads();
		assertThat(this.out.writable()).isTrue();
		assertThat(this.container.delivered()).isEqualTo("event 1;gap;event 2;");
		this.out.write(bytes("event 3;"));
		assertThat(this.container.delivered()).isEqualTo("event 1;gap;event 2;event 3;");
	}

	@Test
	void aFlushThatFillsTheSocketKeepsWhatWaitsForLater() throws Exception {
		assertThat(this.out.writable()).isTrue();
		this.container.fillsOnNextWrite = true;
		this.out.write(bytes("1;"));
		this.out.write(bytes("2;"));
		this.container.clientReads();
		this.container.fillsOnNextFlush = true;
		assertThat(this.out.writable()).as("the flush of 1 filled the socket again").isFalse();
		assertThat(this.container.delivered()).isEqualTo("1;");
		this.container.clientReads();
		assertThat(this.out.writable()).isTrue();
		assertThat(this.container.delivered()).isEqualTo("1;2;");
	}

	@Test
	void aWriteWhoseFlushFillsTheSocketMakesTheNextWriteWait() throws Exception {
		assertThat(this.out.writable()).isTrue();
		this.container.fillsOnNextFlush = true;
		this.out.write(bytes("1;"));
		assertThat(this.container.delivered()).isEqualTo("1;");
		this.out.write(bytes("2;"));
		assertThat(this.container.written()).isEqualTo("1;");
		assertThat(this.out.writable()).isFalse();
		this.container.clientReads();
		assertThat(this.out.writable()).isTrue();
		assertThat(this.container.delivered()).isEqualTo("1;2;");
	}

	@Test
	void aStallIsCountedFromTheFirstRefusalAndEndsWhenTheClientReads() throws Exception {
		long limit = 50_000_000; // 50 ms
		this.container.clientStops();
		long before = System.nanoTime();
		assertThat(this.out.writable()).isFalse();
		long after = System.nanoTime();
		assertThat(this.out.stalledLongerThan(before + limit, limit)).as("not longer than the limit yet").isFalse();
		assertThat(this.out.stalledLongerThan(after + limit + 1, limit)).isTrue();
		Thread.sleep(30);
		// asked again later: the stall still counts from the first refusal
		assertThat(this.out.writable()).isFalse();
		assertThat(this.out.stalledLongerThan(after + limit + 1, limit)).isTrue();
		this.container.clientReads();
		assertThat(this.out.writable()).isTrue();
		assertThat(this.out.stalledLongerThan(after + 10 * limit, limit)).isFalse();
		// a new refusal starts a new count; a socket that took the last write still
		// can until the next one, so the refusal comes after a write
		this.container.fillsOnNextWrite = true;
		this.out.write(bytes("more"));
		long again = System.nanoTime();
		assertThat(this.out.writable()).isFalse();
		assertThat(this.out.stalledLongerThan(again + limit, limit)).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A response stream as Tomcat keeps it in non-blocking mode: written bytes sit in the
	 * response buffer until flushed; while the client takes nothing, isReady() is false
	 * and a write or flush throws.
	 */
	static final class Container extends ServletOutputStream {

		private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();

		private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();

		private final ByteArrayOutputStream written = new ByteArrayOutputStream();

		private boolean full;

		boolean fillsOnNextWrite;

		boolean fillsOnNextFlush;

		@Override
		public boolean isReady() {
			return !this.full;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			if (this.full) {
				throw new IllegalStateException("write while isReady() is false");
			}
			this.buffered.write(bytes, offset, length);
			this.written.write(bytes, offset, length);
			if (this.fillsOnNextWrite) {
				this.fillsOnNextWrite = false;
				this.full = true;
			}
		}

		@Override
		public void flush() {
			if (this.full) {
				throw new IllegalStateException("flush while isReady() is false");
			}
			this.delivered.writeBytes(this.buffered.toByteArray());
			this.buffered.reset();
			if (this.fillsOnNextFlush) {
				this.fillsOnNextFlush = false;
				this.full = true;
			}
		}

		void clientReads() {
			this.full = false;
		}

		void clientStops() {
			this.full = true;
		}

		String written() {
			return this.written.toString(StandardCharsets.UTF_8);
		}

		String delivered() {
			return this.delivered.toString(StandardCharsets.UTF_8);
		}

	}

}
