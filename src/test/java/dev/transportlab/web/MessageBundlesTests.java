package dev.transportlab.web;

import dev.transportlab.feed.Transport;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Both languages have every string, and every string the UI asks for exists. */
class MessageBundlesTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	@Test
	void englishAndRussianHaveTheSameKeys() throws IOException {
		Set<String> english = keys("messages.properties");
		Set<String> russian = keys("messages_ru.properties");
		assertThat(english).isNotEmpty();
		assertThat(new TreeSet<>(russian)).as("keys in messages_ru.properties").isEqualTo(new TreeSet<>(english));
	}

	@Test
	void noRussianValueIsLeftEmpty() throws IOException {
		Properties russian = load("messages_ru.properties");
		assertThat(russian.stringPropertyNames()).allMatch(key -> !russian.getProperty(key).isBlank());
	}

	@Test
	void everyKeyUsedByTemplatesAndScriptsExists() throws IOException {
		Set<String> known = keys("messages.properties");
		Set<String> used = new TreeSet<>();
		// #{key} in templates (keys built from variables, __${..}__, are expanded below)
		Pattern templateKey = Pattern.compile("#\\{([a-zA-Z0-9.\\-]+)}");
		// t('key') in the Vue components; the dashboard's t('status.' + x) style keys are
		// listed by hand
		Pattern scriptKey = Pattern.compile("\\bt\\('([a-zA-Z0-9.\\-]*[a-zA-Z0-9])'\\s*[,)]");
		try (Stream<Path> files = Files.walk(RESOURCES.resolve("templates"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
				collect(templateKey.matcher(Files.readString(file)), "", used);
			}
		}
		try (Stream<Path> files = Files.walk(RESOURCES.resolve("static/js"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
				collect(scriptKey.matcher(Files.readString(file)), "js.", used);
			}
		}
		for (Transport each : Transport.values()) {
			String transport = each.key();
			for (String suffix : new String[] { "", ".what", ".recovery", ".server" }) {
				used.add("transport." + transport + suffix);
			}
			used.add("diagram." + transport);
			used.add("diagram." + transport + ".note");
			used.add("js.transport." + transport);
		}
		for (String status : new String[] { "connecting", "open", "reconnecting", "closed" }) {
			used.add("js.status." + status);
		}
		for (String metric : new String[] { "throughput", "latency", "errors", "cpu" }) {
			used.add("js.metric." + metric);
		}
		assertThat(used).hasSizeGreaterThan(60);
		assertThat(known).containsAll(used);
	}

	private static void collect(Matcher matcher, String prefix, Set<String> into) {
		while (matcher.find()) {
			into.add(prefix + matcher.group(1));
		}
	}

	private static Set<String> keys(String bundle) throws IOException {
		return load(bundle).stringPropertyNames();
	}

	private static Properties load(String bundle) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = new InputStreamReader(Files.newInputStream(RESOURCES.resolve(bundle)),
				StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
