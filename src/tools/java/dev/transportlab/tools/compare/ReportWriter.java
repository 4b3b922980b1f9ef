package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes report.md, results.json, results.csv and the charts of one comparison run. The
 * report is its sections in order, each written by its own class.
 */
final class ReportWriter {

	static final String REPORT = "report.md";

	static final String JSON = "results.json";

	static final String CSV = "results.csv";

	private final Comparison comparison;

	private final JsonMapper json;

	ReportWriter(Comparison comparison, JsonMapper json) {
		this.comparison = comparison;
		this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
	}

	List<Path> write(Path dir) throws IOException {
		Files.createDirectories(dir);
		List<Path> files = new ArrayList<>();
		files.add(Files.writeString(dir.resolve(REPORT), markdown()));
		files.add(Files.writeString(dir.resolve(JSON), this.json.writeValueAsString(ResultsJson.tree(this.comparison))));
		files.add(Files.writeString(dir.resolve(CSV), ResultsCsv.text(this.comparison)));
		files.addAll(Charts.write(this.comparison, dir));
		return files;
	}

	private String markdown() {
		Comparison c = this.comparison;
		StringBuilder md = new StringBuilder();
		md.append("# Transport comparison\n\n");
		md.append(NoiseSection.headline(c));
		md.append(Decision.markdown(c));
		RunSection.append(md, c);
		TargetsSection.append(md, c);
		failures(md, c);
		NoiseSection.append(md, c);
		WireSection.append(md, c);
		NetworkSection.append(md, c);
		PageSections.latency(md, c);
		PageSections.frames(md, c);
		DxTable.append(md, c);
		return md.toString();
	}

	private static void failures(StringBuilder md, Comparison c) {
		if (!c.failures().isEmpty()) {
			md.append("## Failed scenarios\n\n");
			c.failures().forEach(f -> md.append("- ").append(f).append('\n'));
			md.append('\n');
		}
	}

}
