package dev.transportlab.tools.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names of runs in the report and its charts: a chart refuses two series with one name,
 * so the runs of --repeat must differ (the first run of a load command with --repeat 3
 * and two transports wrote its charts and then failed on the second run of a server).
 */
class ReportTests {

	@Test
	void eachRepeatedRunHasItsOwnName() {
		assertThat(Report.label("websocket", "transport-lab", "permessage-deflate; server_no_context_takeover", 1))
			.isEqualTo("websocket on transport-lab (deflate)");
		assertThat(Report.label("websocket", "transport-lab", "permessage-deflate; server_no_context_takeover", 2))
			.isEqualTo("websocket on transport-lab (deflate) #2");
		assertThat(Report.label("sse", "nchan", "", 3)).isEqualTo("sse on nchan #3");
	}

}
