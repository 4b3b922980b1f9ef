package dev.transportlab.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * English and Russian: the browser's Accept-Language picks one, {@code ?lang=ru} (or en)
 * switches and is remembered in a cookie. Other languages get English.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:web-defaults.properties")
class LocaleConfig implements WebMvcConfigurer {

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));

	static final String COOKIE = "lab-lang";

	@Bean
	LocaleResolver localeResolver() {
		AcceptHeaderLocaleResolver acceptHeader = new AcceptHeaderLocaleResolver();
		acceptHeader.setSupportedLocales(SUPPORTED);
		acceptHeader.setDefaultLocale(Locale.ENGLISH);
		CookieLocaleResolver resolver = new SupportedLocaleCookieResolver();
		resolver.setCookieMaxAge(Duration.ofDays(365));
		resolver.setCookieSameSite("Lax");
		resolver.setDefaultLocaleFunction(acceptHeader::resolveLocale);
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
		interceptor.setParamName("lang");
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor);
	}

	/**
	 * Remembers only a language we have; anything else clears the choice (back to
	 * Accept-Language).
	 */
	static final class SupportedLocaleCookieResolver extends CookieLocaleResolver {

		SupportedLocaleCookieResolver() {
			super(COOKIE);
		}

		@Override
		public void setLocaleContext(HttpServletRequest request, HttpServletResponse response,
				org.springframework.context.i18n.LocaleContext localeContext) {
			Locale wanted = (localeContext != null) ? localeContext.getLocale() : null;
			Locale supported = (wanted == null) ? null
					: SUPPORTED.stream()
						.filter(locale -> locale.getLanguage().equals(wanted.getLanguage()))
						.findFirst()
						.orElse(null);
			super.setLocaleContext(request, response,
					(supported != null) ? new org.springframework.context.i18n.SimpleLocaleContext(supported) : null);
		}

	}

}
