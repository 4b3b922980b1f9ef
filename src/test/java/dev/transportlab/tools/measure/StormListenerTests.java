package dev.transportlab.tools.measure;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.StatusException;
import dev.transportlab.tools.measure.StormListener.Failure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a storm client classifies failed connects and counts loss, repeats and its return.
 */
class StormListenerTests {

	private final AtomicLong clock = new AtomicLong(1_000);

	private final StormListener.Totals totals = new StormListener.Totals();

	private final StormListener client = new StormListener("sse", this.totals, this.clock::get);

	@Test
	void aRefusedConnectIsRefusedHoweverDeeplyWrapped() {
		assertThat(Failure.of(new ConnectException("Connection refused"))).isEqualTo(Failure.REFUSED);
		assertThat(Failure.of(new CompletionException(new ExecutionException(new ConnectException("refused")))))
			.isEqualTo(Failure.REFUSED);
		assertThat(Failure.of(new org.eclipse.jetty.websocket.api.exceptions.UpgradeException(null,
				new ConnectException("Connection refused"))))
			.isEqualTo(Failure.REFUSED);
	}

	@Test
	void anErrorAnswerIsAFailedHandshakeAndTheRestIsNamed() {
		assertThat(Failure.of(new StatusException(503))).isEqualTo(Failure.HANDSHAKE);
		assertThat(Failure
			.of(new org.eclipse.jetty.websocket.api.exceptions.UpgradeException(null, 503, "Failed to upgrade")))
			.isEqualTo(Failure.HANDSHAKE);
		assertThat(Failure.of(new SocketTimeoutException("connect timed out"))).isEqualTo(Failure.TIMEOUT);
		assertThat(Failure.of(new ClosedChannelException())).isEqualTo(Failure.OTHER);
		assertThat(Failure.describe(new CompletionException(new EOFException("reset")))).isEqualTo("EOFException");
	}

	@Test
	void holesAndRepeatsWithinAnEpochAreCountedAndAnEpochGapIsNot() {
		this.client.event(5, 0, event(5, "A"), 0);
		this.client.event(6, 0, event(6, "A"), 0);
		this.client.event(6, 0, event(6, "A"), 0); // repeated
		this.client.event(9, 0, event(9, "A"), 0); // 7 and 8 lost
		this.client.arm("A");
		this.client.gap(-1, 2, "{\"type\":\"gap\",\"reason\":\"epoch\",\"epoch\":\"B\",\"resumeAfter\":2}");
		this.client.event(3, 0, event(3, "B"), 0);
		this.client.gap(4, 8,
				"{\"type\":\"gap\",\"reason\":\"expired\",\"epoch\":\"B\",\"missed\":4,\"resumeAfter\":8}");
		this.client.event(9, 0, event(9, "B"), 0);
		assertThat(this.client.duplicates()).isEqualTo(1);
		assertThat(this.client.lost()).isEqualTo(2 + 4);
		assertThat(this.client.epochGaps()).isEqualTo(1);
		assertThat(this.client.gaps()).isEqualTo(1);
		assertThat(this.client.epochSwitchesWithoutGap()).isZero();
		assertThat(this.totals.receiving.sum()).isEqualTo(1);
	}

	@Test
	void itIsBackAtItsFirstItemOfAnotherEpochAfterTheRestartOnly() {
		this.client.event(1, 0, event(1, "A"), 0);
		this.client.failed(null, new ConnectException("before the restart"));
		assertThat(this.client.failures(Failure.REFUSED)).isZero();
		this.client.arm("A");
		this.clock.set(2_000);
		this.client.event(2, 0, event(2, "A"), 0);
		assertThat(this.client.backNanos()).isZero();
		this.client.failed(null, new ConnectException("Connection refused"));
		this.client.failed(null, new StatusException(503));
		this.clock.set(5_000);
		this.client.opened(null);
		this.clock.set(7_000);
		this.client.event(1, 0, event(1, "B"), 0); // a new epoch without a gap notice
													// first
		this.clock.set(9_000);
		this.client.event(2, 0, event(2, "B"), 0);
		assertThat(this.client.firstOpenNanos()).isEqualTo(5_000);
		assertThat(this.client.backNanos()).isEqualTo(7_000);
		assertThat(this.client.epochSwitchesWithoutGap()).isEqualTo(1);
		assertThat(this.client.failures(Failure.REFUSED)).isEqualTo(1);
		assertThat(this.client.failures(Failure.HANDSHAKE)).isEqualTo(1);
		assertThat(this.totals.back.sum()).isEqualTo(1);
		assertThat(this.totals.failures(Failure.REFUSED)).isEqualTo(1);
	}

	private static String event(long seq, String epoch) {
		return "{\"seq\":" + seq + ",\"ts\":1,\"epoch\":\"" + epoch + "\",\"markers\":[]}";
	}

}
