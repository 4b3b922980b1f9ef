package dev.transportlab;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * .env.example is the settings reference for docker compose and for the README, so it
 * must not drift from the app: every variable in it is one the app reads (checked through
 * Spring's own relaxed binding of environment variables, not a naming rule re-implemented
 * here), every setting the app declares is in it, its values are the app's defaults, and
 * docker-compose.yml passes each one through.
 */
class EnvExampleTests {

	private static final Path ENV_EXAMPLE = Path.of(".env.example");

	private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

	/**
	 * Values, tried in turn, that every lab setting accepts one of (int, Duration in ms,
	 * String, List: "7"; boolean: "true") and none has as default.
	 */
	private static final List<String> PROBE_VALUES = List.of("7", "true");

	private static Map<String, String> documented;

	private static List<PropertySource<?>> applicationYml;

	@BeforeAll
	static void load() throws IOException {
		documented = parseEnvFile(ENV_EXAMPLE);
		applicationYml = new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"));
	}

	@Test
	void everyVariableIsOneTheAppReads() {
		AppView defaults = AppView.with(Map.of());
		List<String> unread = new ArrayList<>();
		for (String variable : documented.keySet()) {
			AppView probed = AppView.probe(variable, defaults);
			if (probed == null) {
				unread.add(variable);
			}
		}
		assertThat(unread).as("variables in .env.example that change no lab.* setting and no application.yml value")
			.isEmpty();
	}

	@Test
	void everyLabSettingAndEveryPlaceholderIsDocumented() throws IOException {
		AppView defaults = AppView.with(Map.of());
		Set<String> covered = new TreeSet<>();
		for (String variable : documented.keySet()) {
			AppView probed = AppView.probe(variable, defaults);
			if (probed != null) {
				covered.addAll(probed.changedLabLeaves(defaults));
			}
		}
		assertThat(covered).as("lab.* settings (LabProperties) that some .env.example variable sets")
			.containsExactlyInAnyOrderElementsOf(labLeaves("lab", LabProperties.class));

		String yml = new ClassPathResource("application.yml").getContentAsString(StandardCharsets.UTF_8);
		Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(yml);
		Set<String> placeholders = new TreeSet<>();
		while (placeholder.find()) {
			placeholders.add(placeholder.group(1));
		}
		assertThat(placeholders).as("environment placeholders in application.yml").contains("PORT");
		assertThat(documented.keySet()).as(".env.example").containsAll(placeholders);
	}

	@Test
	void documentedValuesAreTheDefaults() {
		assertThat(AppView.with(documented)).as("the app with every .env.example value set, against the app without")
			.isEqualTo(AppView.with(Map.of()));
	}

	@Test
	@SuppressWarnings("unchecked")
	void composePassesEveryVariableThroughToTheApp() throws IOException {
		Map<String, Object> compose;
		try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
			compose = new Yaml().load(reader);
		}
		Map<?, ?> app = (Map<?, ?>) ((Map<?, ?>) compose.get("services")).get("app");
		Set<String> passedThrough = new TreeSet<>();
		for (Object entry : (List<?>) app.get("environment")) {
			String text = entry.toString();
			if (!text.contains("=")) {
				passedThrough.add(text);
			}
		}
		Set<String> expected = new TreeSet<>(documented.keySet());
		// PORT is the published host port; inside the container the app always listens on
		// 8080.
		expected.remove("PORT");
		assertThat(passedThrough).as("variables docker-compose.yml passes from .env / the shell to the app")
			.isEqualTo(expected);
		assertThat((List<Object>) app.get("environment")).contains("PORT=8080");
		assertThat((List<Object>) app.get("ports")).containsExactly("${PORT:-8080}:8080");
	}

	private static Map<String, String> parseEnvFile(Path file) throws IOException {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			assertThat(equals).as("line '%s' of %s is NAME=value", line, file).isPositive();
			String name = trimmed.substring(0, equals);
			assertThat(name).as("variable name").matches("[A-Z][A-Z0-9_]*");
			assertThat(variables.put(name, trimmed.substring(equals + 1))).as("%s set twice", name).isNull();
		}
		assertThat(variables).as(file + " variables").isNotEmpty();
		return variables;
	}

	/** Dotted names of the leaf settings of a properties record, e.g. lab.feed.rate. */
	private static Set<String> labLeaves(String prefix, Class<?> type) {
		Set<String> leaves = new LinkedHashSet<>();
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + kebab(component.getName());
			if (isNestedSettings(component.getType())) {
				leaves.addAll(labLeaves(name, component.getType()));
			}
			else {
				leaves.add(name);
			}
		}
		return leaves;
	}

	private static boolean isNestedSettings(Class<?> type) {
		return type.isRecord() && type.getEnclosingClass() == LabProperties.class;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * What the app sees for a given process environment: its bound {@link LabProperties}
	 * and every application.yml value after placeholder resolution (that is where PORT
	 * and the Tomcat cap are read).
	 */
	private record AppView(LabProperties lab, Map<String, String> resolvedYml) {

		/**
		 * The app with {@code variable} set to the first probe value it accepts that
		 * changes it; null if none.
		 */
		static AppView probe(String variable, AppView defaults) {
			for (String value : PROBE_VALUES) {
				try {
					AppView probed = with(Map.of(variable, value));
					if (!probed.equals(defaults)) {
						return probed;
					}
				}
				catch (RuntimeException ex) {
					// not a value this setting accepts: try the next one
				}
			}
			return null;
		}

		static AppView with(Map<String, String> environmentVariables) {
			StandardEnvironment environment = new StandardEnvironment();
			MutablePropertySources sources = environment.getPropertySources();
			// Only the variables under test: the real environment of the build must not
			// leak in.
			sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
			sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.copyOf(environmentVariables)));
			applicationYml.forEach(sources::addLast);
			ConfigurationPropertySources.attach(environment);

			LabProperties lab = Binder.get(environment).bindOrCreate("lab", LabProperties.class);
			Map<String, String> resolved = new LinkedHashMap<>();
			for (PropertySource<?> source : applicationYml) {
				for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
					resolved.put(key, environment.getProperty(key));
				}
			}
			return new AppView(lab, resolved);
		}

		/** The lab.* leaves whose value differs from {@code other}. */
		Set<String> changedLabLeaves(AppView other) {
			Set<String> changed = new TreeSet<>();
			collectChanges("lab", this.lab, other.lab, changed);
			return changed;
		}

		private static void collectChanges(String prefix, Object mine, Object theirs, Set<String> changed) {
			for (RecordComponent component : mine.getClass().getRecordComponents()) {
				String name = prefix + "." + kebab(component.getName());
				Object a = read(component, mine);
				Object b = read(component, theirs);
				if (isNestedSettings(component.getType())) {
					collectChanges(name, a, b, changed);
				}
				else if (!Objects.equals(a, b)) {
					changed.add(name);
				}
			}
		}

		private static Object read(RecordComponent component, Object record) {
			try {
				return component.getAccessor().invoke(record);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
