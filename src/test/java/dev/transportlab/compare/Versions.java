package dev.transportlab.compare;

import java.util.LinkedHashMap;
import java.util.Map;

import org.openqa.selenium.BuildInfo;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** Software versions for the report. */
final class Versions {

	private Versions() {
	}

	static Map<String, String> collect(Map<String, Object> browser) {
		Map<String, String> versions = new LinkedHashMap<>();
		versions.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
		versions.put("springBoot", SpringBootVersion.getVersion());
		versions.put("springFramework", SpringVersion.getVersion());
		versions.put("selenium", new BuildInfo().getReleaseLabel());
		browser.forEach((key, value) -> versions.put(key, String.valueOf(value)));
		return versions;
	}

}
