package dev.transportlab.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.transportlab.LabProperties;
import dev.transportlab.problem.Problems;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
		int max = this.properties.limits().maxRequestBytes();
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (request.getContentLengthLong() > max) {
					response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
					response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
					response.getWriter().write(json.writeValueAsString(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
							Problems.TOO_LARGE, "Request bodies are limited to " + max
									+ " bytes (lab.limits.max-request-bytes); this one has " + request.getContentLengthLong()
									+ ".")));
					return;
				}
				chain.doFilter(request, response);
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

}
