package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openqa.selenium.BuildInfo;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** Software versions for the report. */
final class Versions {

	private Versions() {
	}

	static Map<String, String> collect(Map<String, Object> browser, Path sources) {
		Map<String, String> versions = new LinkedHashMap<>();
		versions.put("transportLab", gitCommit(sources));
		versions.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
		versions.put("springBoot", SpringBootVersion.getVersion());
		versions.put("springFramework", SpringVersion.getVersion());
		versions.put("selenium", new BuildInfo().getReleaseLabel());
		browser.forEach((key, value) -> versions.put(key, String.valueOf(value)));
		return versions;
	}

	/** The commit the sources are at (with "+changes" when the work tree differs), or "unknown". */
	static String gitCommit(Path sources) {
		try {
			String commit = run(sources, "git", "rev-parse", "--short", "HEAD");
			String changes = run(sources, "git", "status", "--porcelain", "--untracked-files=no");
			return commit.isEmpty() ? "unknown" : "commit " + commit + (changes.isEmpty() ? "" : "+changes");
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static String run(Path dir, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return process.waitFor() == 0 ? out : "";
	}

}
