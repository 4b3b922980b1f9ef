package dev.transportlab.tools.compare;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one comparison run learned; the report writer turns it into files. idleCpu: the
 * app's CPU in ms per second with nothing connected, per compression pass.
 */
record Comparison(Instant started, Instant finished, Map<String, String> machine, Map<String, String> versions,
		ComparisonOptions options, FrameCheck frameCheck, List<ComparisonRun.Measured> measured,
		List<String> failures, List<DxTable.Row> dx, List<DxTable.Shared> sharedCode, Map<String, Double> idleCpu) {

	List<Targets.Check> targets() {
		// the targets are for loopback; slow networks are measured, not judged
		return Targets.evaluate(this.measured.stream().filter(m -> "loopback".equals(m.scenario().network())).toList());
	}

}
