package dev.transportlab.tools.measure;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.tools.client.StatusException;
import dev.transportlab.tools.client.TokenSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arithmetic of {@link TokenRefreshCost}'s report: a gap between two events counts as
 * a refresh's cost only when a new token came between them, seqs missed or seen again are
 * counted, and a transport's row sums its clients.
 */
class RefreshProbeTests {

	@Test
	void timeWithoutDataIsChargedToTheRefreshBetweenTwoEventsOnly() {
		RefreshProbe probe = new RefreshProbe(new TokenSource("http://127.0.0.1:1", "unused", null));
		probe.event(1, 0, "", 1_000_000);
		probe.event(2, 0, "", 1_100_000); // 100 ms: the feed's own interval
		probe.refreshed();
		probe.event(3, 0, "", 1_450_000); // 350 ms across the refresh
		probe.event(4, 0, "", 1_700_000); // 250 ms, no refresh: the baseline
		probe.event(4, 0, "", 1_710_000); // twice
		probe.event(7, 0, "", 1_800_000); // 5 and 6 lost
		probe.failed(null, new StatusException(401));
		probe.failed(null, new StatusException(503));

		RefreshProbe.Seen seen = probe.seen();
		assertThat(seen.refreshGapsMicros()).containsExactly(350_000L);
		assertThat(seen.longestOtherGapMicros()).isEqualTo(250_000);
		assertThat(seen.events()).isEqualTo(6);
		assertThat(seen.duplicated()).isEqualTo(1);
		assertThat(seen.lost()).isEqualTo(2);
		assertThat(seen.refused()).isEqualTo(1);
	}

	@Test
	void aRowSumsItsClientsAndTakesPercentilesOverEveryRefresh() {
		RefreshProbe.Seen one = new RefreshProbe.Seen(2, 3, 2, 0, 100, 0, 0, 0, List.of(200_000L, 300_000L), 100_000);
		RefreshProbe.Seen two = new RefreshProbe.Seen(1, 2, 1, 1, 90, 0, 0, 0, List.of(1_000_000L), 150_000);
		TokenRefreshCost.Row row = TokenRefreshCost.Row.of("fetch", 10, List.of(one, two));

		assertThat(row.clients()).isEqualTo(2);
		assertThat(row.refreshes()).isEqualTo(3);
		assertThat(row.reconnects()).isEqualTo(3); // connections beyond each client's
													// first
		assertThat(row.expirySignals()).isEqualTo(3);
		assertThat(row.refused()).isEqualTo(1);
		assertThat(row.refreshMedianMs()).isEqualTo(300);
		assertThat(row.refreshMaxMs()).isEqualTo(1000);
		assertThat(row.otherMaxMs()).isEqualTo(150);
		assertThat(row.markdown())
			.startsWith("| fetch | 2 | 10 s | 3 | 3 | 3 | 1 | 190 | 0 | 0 | 300 ms / 1000 ms / 1000 ms | 150 ms |");
	}

	@Test
	void aRowWithoutRefreshesSaysSo() {
		RefreshProbe.Seen idle = new RefreshProbe.Seen(0, 1, 0, 0, 10, 0, 0, 0, List.of(), 100_000);
		assertThat(TokenRefreshCost.Row.of("sse", 60, List.of(idle)).markdown()).contains("n/a / n/a / n/a");
	}

}
