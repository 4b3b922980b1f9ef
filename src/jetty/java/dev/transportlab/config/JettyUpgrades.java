package dev.transportlab.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Jetty 12.1 puts a request it upgrades with {@code HttpServletRequest.upgrade} (the
 * direct WebSocket engine) into async mode without an AsyncContext: afterwards
 * {@code isAsyncStarted()} is true but {@code getAsyncContext()} throws. Spring's
 * observation filter asks exactly that after the handshake, and the exception breaks the
 * connection. An upgraded request is not an async one (Tomcat says false): this says so
 * to every filter, for requests that ask for an upgrade.
 */
@Configuration(proxyBeanMethods = false)
class JettyUpgrades {

	/** Outside Spring's observation filter (its order is HIGHEST_PRECEDENCE + 1). */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> upgradedRequestsAreNotAsync() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	private static final class Filter extends OncePerRequestFilter {

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return request.getHeader("Upgrade") == null;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(new Upgradable(request), response);
		}

	}

	private static final class Upgradable extends HttpServletRequestWrapper {

		private volatile boolean upgraded;

		Upgradable(HttpServletRequest request) {
			super(request);
		}

		@Override
		public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
			T handler = super.upgrade(handlerClass);
			this.upgraded = true;
			return handler;
		}

		@Override
		public boolean isAsyncStarted() {
			return !this.upgraded && super.isAsyncStarted();
		}

	}

}
