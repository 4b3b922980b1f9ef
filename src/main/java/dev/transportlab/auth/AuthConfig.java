package dev.transportlab.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.DispatcherType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import dev.transportlab.LabProperties;
import dev.transportlab.problem.Problems;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import tools.jackson.databind.json.JsonMapper;

/**
 * Private feeds on Spring Security's OAuth2 resource server: reads of a private feed need
 * an HS256 JWT for it ({@link FeedAccess}); nothing else changes. The API stays what it
 * was: no login page, no session (so no session cookie), no CSRF token (the writes take
 * JSON bodies or a bearer token, which a foreign page cannot send without a CORS
 * preflight it fails; the only cookie, lab_token, is SameSite=Strict and read only by
 * GETs), the app's own response headers, and errors as problem+json.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfig {

	private static final Logger logger = LoggerFactory.getLogger(AuthConfig.class);

	/** HS256 needs a key of at least 256 bits. */
	private static final int MIN_SECRET_BYTES = 32;

	@Bean
	SecretKey feedTokenKey(LabProperties properties) {
		String secret = properties.auth().secret();
		byte[] key;
		if (secret.isEmpty()) {
			key = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(key);
			logger.info("lab.auth.secret is not set: tokens of private feeds are signed with a key made at start"
					+ " (set LAB_AUTH_SECRET, the same on every instance, to share them)");
		}
		else {
			key = secret.getBytes(StandardCharsets.UTF_8);
			if (key.length < MIN_SECRET_BYTES) {
				throw new IllegalStateException("lab.auth.secret (LAB_AUTH_SECRET) must be at least " + MIN_SECRET_BYTES
						+ " bytes for HS256, got " + key.length);
			}
		}
		return new SecretKeySpec(key, "HmacSHA256");
	}

	@Bean
	JwtDecoder feedTokenDecoder(SecretKey key) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		// no clock skew: a stream ends at exp, and the same token must not open it again
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ZERO),
				new JwtIssuerValidator(FeedTokens.ISSUER),
				new JwtClaimValidator<String>(FeedTokens.FEED_CLAIM, feed -> feed != null && !feed.isBlank())));
		return decoder;
	}

	@Bean
	FeedTokens feedTokens(SecretKey key, LabProperties properties) {
		return new FeedTokens(new NimbusJwtEncoder(new ImmutableSecret<>(key)), properties.auth().tokenTtl(),
				Clock.systemUTC());
	}

	@Bean
	SecurityFilterChain feedSecurity(HttpSecurity http, JsonMapper json) throws Exception {
		AuthProblems problems = new AuthProblems(json);
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.headers(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(requests -> requests
				// the second dispatch of an SSE stream or long poll was checked on the
				// first
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(request -> FeedPaths.feedId(request) != null)
				.access(new FeedAccess())
				.anyRequest()
				.permitAll())
			.oauth2ResourceServer(server -> server.bearerTokenResolver(new FeedTokenResolver())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt(jwt -> {
				}))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * Spring Security's firewall keeps its path rules (no {@code ;}, encoded {@code /},
	 * {@code %25} or {@code ..}: a path must mean one feed to the check and to the
	 * controller), but header and parameter values stay the app's to judge, as before
	 * this chain: a resume point, for one, is never refused.
	 */
	@Bean
	HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(name -> true);
		firewall.setAllowedHeaderValues(value -> true);
		firewall.setAllowedParameterNames(name -> true);
		firewall.setAllowedParameterValues(value -> true);
		return firewall;
	}

	/** A path the firewall refuses is a 400 problem, like every other refusal. */
	@Bean
	RequestRejectedHandler requestRejected(JsonMapper json) {
		return (request, response, ex) -> {
			String detail = "The request path is refused: " + ex.getMessage()
					+ " (no ';', encoded '/' or '%', or '.' segments).";
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream()
				.write(json.writeValueAsString(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER, detail))
					.getBytes(StandardCharsets.UTF_8));
		};
	}

	/** Before everything that logs a request (Spring Security's filters included). */
	@Bean
	FilterRegistrationBean<AccessTokenRedaction> accessTokenRedaction() {
		FilterRegistrationBean<AccessTokenRedaction> registration = new FilterRegistrationBean<>(
				new AccessTokenRedaction());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
