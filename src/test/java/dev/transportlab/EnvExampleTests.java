package dev.transportlab;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * .env.example is the settings reference for docker compose and for the README, so it
 * must not drift from the app: every variable in it is one the app reads (checked through
 * Spring's own relaxed binding of environment variables, not a naming rule re-implemented
 * here) or, in its compose-only section, one docker-compose.yml uses; every setting the
 * app declares is in it (the settings of every {@code @ConfigurationProperties} type
 * under {@code lab}, every placeholder in application.yml, every {@code lab.*} key the
 * code reads by name), with a comment and its default value (durations with their unit);
 * and docker-compose.yml passes each app setting through.
 */
class EnvExampleTests {

	private static final Path ENV_EXAMPLE = Path.of(".env.example");

	private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

	private static final Path MAIN_SOURCES = Path.of("src/main/java");

	/** The section of .env.example for variables only docker-compose.yml reads. */
	private static final String COMPOSE_ONLY_SECTION = "# --- docker compose only";

	/**
	 * Values, tried in turn, that every lab setting accepts one of (int, Duration in ms,
	 * String, List: "7"; boolean: "true") and none has as default.
	 */
	private static final List<String> PROBE_VALUES = List.of("7", "true", "false");

	/** Variables of .env.example the app reads (all but the compose-only section). */
	private static Map<String, String> documented;

	/** Variables of the compose-only section, with the comment lines above each. */
	private static Map<String, String> composeOnly;

	/** Comment lines directly above each variable of .env.example. */
	private static Map<String, List<String>> comments;

	private static List<PropertySource<?>> applicationYml;

	/** The app's settings types under lab, by prefix (LabProperties is "lab"). */
	private static Map<String, Class<?>> labTypes;

	@BeforeAll
	static void load() throws IOException {
		EnvFile env = parseEnvFile(ENV_EXAMPLE);
		documented = env.appSettings();
		composeOnly = env.composeOnly();
		comments = env.comments();
		labTypes = labPropertiesTypes();
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
		Set<String> declared = new TreeSet<>();
		labTypes.forEach((prefix, type) -> declared.addAll(leaves(prefix, type).keySet()));
		assertThat(covered)
			.as("lab.* settings (@ConfigurationProperties under lab) that some .env.example variable sets")
			.containsExactlyInAnyOrderElementsOf(declared);

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
	void everyLabKeyTheCodeReadsByNameIsDocumented() throws IOException {
		// Settings read outside the properties records (@Value, Environment.getProperty,
		// System.getenv) would escape the checks above.
		Pattern byName = Pattern
			.compile("\\$\\{(lab\\.[a-z0-9.-]+)|getProperty\\(\"(lab\\.[a-z0-9.-]+)\"|getenv\\(\"([A-Z0-9_]+)\"");
		AppView defaults = AppView.with(Map.of());
		Set<String> settable = new TreeSet<>();
		for (String variable : documented.keySet()) {
			AppView probed = AppView.probe(variable, defaults);
			if (probed != null) {
				settable.addAll(probed.changedLabLeaves(defaults));
			}
		}
		List<String> undocumented = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				Matcher matcher = byName.matcher(Files.readString(file));
				while (matcher.find()) {
					String key = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
					boolean known = (key != null) ? settable.contains(key) : documented.containsKey(matcher.group(3));
					if (!known) {
						undocumented.add(file + ": " + matcher.group());
					}
				}
			}
		}
		assertThat(undocumented).as("settings read by name in src/main/java that no .env.example variable sets")
			.isEmpty();
	}

	@Test
	void everyVariableHasACommentAndDurationsTheirUnit() {
		Set<String> all = new TreeSet<>(documented.keySet());
		all.addAll(composeOnly.keySet());
		for (String variable : all) {
			assertThat(comments.get(variable)).as("comment lines above %s in .env.example", variable).isNotEmpty();
		}
		AppView defaults = AppView.with(Map.of());
		Map<String, Class<?>> types = new LinkedHashMap<>();
		labTypes.forEach((prefix, type) -> types.putAll(leaves(prefix, type)));
		for (Map.Entry<String, String> variable : documented.entrySet()) {
			AppView probed = AppView.probe(variable.getKey(), defaults);
			for (String leaf : (probed != null) ? probed.changedLabLeaves(defaults) : Set.<String>of()) {
				if (types.get(leaf) == Duration.class) {
					assertThat(variable.getValue()).as("%s (a duration) carries its unit", variable.getKey())
						.matches("[0-9]+(ns|us|ms|s|m|h|d)");
				}
			}
		}
	}

	@Test
	void composeOnlyVariablesAreUsedByComposeAndNotByTheApp() throws IOException {
		String compose = Files.readString(COMPOSE_FILE);
		AppView defaults = AppView.with(Map.of());
		for (String variable : composeOnly.keySet()) {
			assertThat(variable).as("a LAB_* name belongs to the app's settings").doesNotStartWith("LAB_");
			assertThat(compose).as("docker-compose.yml uses %s", variable).contains("${" + variable);
			assertThat(AppView.probe(variable, defaults)).as("the app ignores %s", variable).isNull();
		}
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
		// A nofile limit above the host's hard limit stops the container on rootless
		// engines: the
		// default service takes the engine's own, app-load sets NOFILE_LIMIT.
		assertThat(app.containsKey("ulimits")).as("the default app service forces ulimits").isFalse();
	}

	private static EnvFile parseEnvFile(Path file) throws IOException {
		Map<String, String> app = new LinkedHashMap<>();
		Map<String, String> composeOnly = new LinkedHashMap<>();
		Map<String, List<String>> comments = new LinkedHashMap<>();
		List<String> above = new ArrayList<>();
		boolean inComposeSection = false;
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.startsWith(COMPOSE_ONLY_SECTION)) {
				inComposeSection = true;
			}
			if (trimmed.isEmpty() || trimmed.startsWith("# ---")) {
				above.clear();
				continue;
			}
			if (trimmed.startsWith("#")) {
				above.add(trimmed);
				continue;
			}
			int equals = trimmed.indexOf('=');
			assertThat(equals).as("line '%s' of %s is NAME=value", line, file).isPositive();
			String name = trimmed.substring(0, equals);
			assertThat(name).as("variable name").matches("[A-Z][A-Z0-9_]*");
			Map<String, String> section = inComposeSection ? composeOnly : app;
			assertThat(app.containsKey(name) || composeOnly.containsKey(name)).as("%s set twice", name).isFalse();
			section.put(name, trimmed.substring(equals + 1));
			comments.put(name, List.copyOf(above));
		}
		assertThat(app).as(file + " variables").isNotEmpty();
		return new EnvFile(app, composeOnly, comments);
	}

	private record EnvFile(Map<String, String> appSettings, Map<String, String> composeOnly,
			Map<String, List<String>> comments) {
	}

	/**
	 * Dotted names and types of the leaf settings of a properties record, e.g.
	 * lab.feed.rate.
	 */
	private static Map<String, Class<?>> leaves(String prefix, Class<?> type) {
		Map<String, Class<?>> leaves = new LinkedHashMap<>();
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + kebab(component.getName());
			if (isNestedSettings(component.getType())) {
				leaves.putAll(leaves(name, component.getType()));
			}
			else {
				leaves.put(name, component.getType());
			}
		}
		return leaves;
	}

	/**
	 * Every {@code @ConfigurationProperties} type of the app whose prefix is {@code lab}
	 * or under it, by prefix: a second settings record must not escape these checks.
	 */
	private static Map<String, Class<?>> labPropertiesTypes() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Map<String, Class<?>> types = new TreeMap<>();
		for (BeanDefinition candidate : scanner
			.findCandidateComponents(TransportLabApplication.class.getPackageName())) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
			if (type.getProtectionDomain().getCodeSource() != null
					&& type.getProtectionDomain().getCodeSource().getLocation().toString().contains("/test-classes/")) {
				continue;
			}
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			if (prefix.equals("lab") || prefix.startsWith("lab.")) {
				assertThat(type.isRecord()).as("%s is a record (petclinic style, and what this test reads)", type)
					.isTrue();
				types.put(prefix, type);
			}
		}
		assertThat(types).as("@ConfigurationProperties types under lab").containsEntry("lab", LabProperties.class);
		return types;
	}

	private static boolean isNestedSettings(Class<?> type) {
		return type.isRecord() && labTypes.containsValue(type.getEnclosingClass());
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * What the app sees for a given process environment: its bound settings records (by
	 * prefix) and every application.yml value after placeholder resolution (that is where
	 * PORT and the Tomcat cap are read).
	 */
	private record AppView(Map<String, Object> settings, Map<String, String> resolvedYml) {

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

			Map<String, Object> settings = new TreeMap<>();
			Binder binder = Binder.get(environment);
			labTypes.forEach((prefix, type) -> settings.put(prefix, binder.bindOrCreate(prefix, type)));
			Map<String, String> resolved = new LinkedHashMap<>();
			for (PropertySource<?> source : applicationYml) {
				for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
					resolved.put(key, environment.getProperty(key));
				}
			}
			return new AppView(settings, resolved);
		}

		/** The lab.* leaves whose value differs from {@code other}. */
		Set<String> changedLabLeaves(AppView other) {
			Set<String> changed = new TreeSet<>();
			this.settings.forEach((prefix, mine) -> collectChanges(prefix, mine, other.settings.get(prefix), changed));
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
