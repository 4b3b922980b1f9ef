package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The network axes: one profile table, in the code and in docs/networks.md alike. */
class NetworkTests {

	@Test
	void docsTableIsTheCodesTable() throws IOException {
		List<String> rows = Files.readAllLines(Path.of("docs", "networks.md"))
			.stream()
			.filter(line -> Network.NAMES.stream().anyMatch(name -> line.startsWith("| " + name + " |")))
			.toList();
		assertThat(rows).hasSameSizeAs(Network.PROFILES);
		for (int i = 0; i < rows.size(); i++) {
			Network.Profile p = Network.PROFILES.get(i);
			String[] cells = rows.get(i).split("\\|");
			assertThat(cells[1].strip()).isEqualTo(p.name());
			assertThat(cells[2].strip()).as("latency of %s", p.name()).isEqualTo(String.valueOf(p.latencyMs()));
			assertThat(cells[3].strip()).as("down of %s", p.name()).isEqualTo(Network.Profile.kbps(p.downKbps()));
			assertThat(cells[4].strip()).as("up of %s", p.name()).isEqualTo(Network.Profile.kbps(p.upKbps()));
			assertThat(cells[5].strip()).as("loss of %s", p.name())
				.isEqualTo(Figures.num(p.lossPercent(), 0).replace(".0", "") + " %");
			assertThat(cells[6].strip()).isEqualTo(p.like());
			assertThat(cells[7]).as("how %s is applied", p.name())
				.contains(p.throttled() ? "DevTools" : "nothing")
				.satisfies(how -> assertThat(how.contains("loss")).isEqualTo(p.lossy()));
		}
	}

	@Test
	void protocolAndNetworkAreAxesOfTheMatrix() {
		ComparisonOptions options = ComparisonOptions.parse("--transports", "sse,polling", "--rates", "10", "--modes",
				"coalesced", "--compression", "off", "--protocol", "h1,h2", "--network", "loopback,3g-lossy");
		assertThat(options.protocols()).containsExactly("h1", "h2");
		assertThat(options.networks()).containsExactly("loopback", "3g-lossy");
		assertThat(options.scenarioCount()).isEqualTo(8);
		assertThat(ComparisonOptions.parse().protocols()).containsExactly("h1");
		assertThat(ComparisonOptions.parse().networks()).containsExactly("loopback");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--protocol", "h3"))
			.withMessageContaining("h1, h2");
		assertThatIllegalArgumentException().isThrownBy(() -> ComparisonOptions.parse("--network", "5g"))
			.withMessageContaining("3g-lossy");
	}

	@Test
	void scenarioLabelsNameTheAxesOnlyWhenTheyDiffer() {
		assertThat(new Scenario("sse", 10, 100, "coalesced", "off", 10, 100, 0.9).label())
			.isEqualTo("sse 10/s 100 markers coalesced compression off");
		assertThat(new Scenario("sse", 10, 100, "coalesced", "off", 10, 100, 0.9, "h2", "3g-lossy").label())
			.isEqualTo("sse h2 3g-lossy 10/s 100 markers coalesced compression off");
	}

}
