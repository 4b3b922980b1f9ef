package dev.transportlab.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "js.*" messages, in the request's language, as JSON for the Vue components (the
 * layout puts it in a script element), so that every UI string comes from the bundles.
 */
@ControllerAdvice(assignableTypes = { PageController.class, BenchmarkPageController.class, JobsPageController.class })
class UiMessages {

	static final String PREFIX = "js.";

	private final MessageSource messages;

	private final JsonMapper json;

	private final List<String> keys;

	UiMessages(MessageSource messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
		this.keys = loadKeys();
	}

	@ModelAttribute("uiMessagesJson")
	String uiMessagesJson(HttpServletRequest request) {
		Locale locale = RequestContextUtils.getLocale(request);
		Map<String, String> strings = new LinkedHashMap<>();
		for (String key : this.keys) {
			strings.put(key.substring(PREFIX.length()), this.messages.getMessage(key, null, key, locale));
		}
		// "<" escaped so that no message can end the script element early
		return this.json.writeValueAsString(strings).replace("<", "\\u003c");
	}

	@ModelAttribute("lang")
	String lang(HttpServletRequest request) {
		return RequestContextUtils.getLocale(request).getLanguage();
	}

	private static List<String> loadKeys() {
		try {
			Properties base = PropertiesLoaderUtils
				.loadProperties(new EncodedResource(new ClassPathResource("messages.properties"), "UTF-8"));
			return base.stringPropertyNames().stream().filter(key -> key.startsWith(PREFIX)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
