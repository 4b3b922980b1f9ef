package dev.transportlab.config;

import dev.transportlab.LabProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the HTTP API from a browser, and how big a request may be. Without
 * {@code lab.allowed-origins} no CORS headers are sent, so other sites' pages cannot read
 * the API (and the JSON-only writes need a preflight they would fail).
 */
@Configuration(proxyBeanMethods = false)
class ApiProtectionConfig implements WebMvcConfigurer {

	private final LabProperties properties;

	ApiProtectionConfig(LabProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (!this.properties.allowedOrigins().isEmpty()) {
			registry.addMapping("/api/**")
				.allowedOrigins(this.properties.allowedOrigins().toArray(String[]::new))
				.allowedMethods("GET", "POST", "PUT")
				.allowedHeaders("Content-Type", "Authorization", "Last-Event-ID");
		}
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> requestSizeLimit(JsonMapper json) {
		OncePerRequestFilter filter = new RequestSizeFilter(this.properties.limits().maxRequestBytes(), json);
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	/**
	 * Before every other filter (the access-token redaction, which runs first of the
	 * rest, reads a parameter): a query string the container cannot decode is a 400
	 * problem on every path, whichever container it is.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> queryStringCheck(JsonMapper json) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new QueryStringFilter(json));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE - 1);
		return registration;
	}

}
