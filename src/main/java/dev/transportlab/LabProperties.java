package dev.transportlab;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the lab, bound from {@code lab.*} in application.yml; each one can be
 * overridden by an environment variable (relaxed binding: {@code lab.feed.rate} is
 * {@code LAB_FEED_RATE}). README.md lists them all.
 */
@ConfigurationProperties("lab")
public record LabProperties(
		/** Bearer token required by PUT /api/feeds/{id}; empty means no guard. */
		@DefaultValue("") String adminToken,
		/**
		 * Extra origins allowed for WebSocket handshakes and cross-origin HTTP API use.
		 */
		@DefaultValue List<String> allowedOrigins, @DefaultValue Feed feed, @DefaultValue Replay replay,
		@DefaultValue Limits limits, @DefaultValue Sse sse, @DefaultValue WebSocket websocket,
		@DefaultValue Polling polling, @DefaultValue Jobs jobs, @DefaultValue Http http,
		/**
		 * Where feed histories live: memory (one instance) or redis (several instances
		 * behind a load balancer, sharing Redis Streams; docs/scaling.md).
		 */
		@DefaultValue("memory") String feedLog, @DefaultValue Redis redis, @DefaultValue Auth auth) {

	/**
	 * Private feeds (POST /api/feeds with "private": true) are read with HMAC-signed JWTs
	 * from POST /api/feeds/{id}/tokens.
	 */
	public record Auth(
			/**
			 * The HMAC-SHA256 key, at least 32 bytes; empty: a random one per start (then
			 * several instances must be given the same one, or each refuses the others'
			 * tokens).
			 */
			@DefaultValue("") String secret,
			/** How long a token is valid; a stream open with it ends when it expires. */
			@DefaultValue("5m") Duration tokenTtl) {
	}

	/** Settings of the Redis feed log; the connection itself is spring.data.redis.*. */
	public record Redis(
			/**
			 * The publishing instance's lease: another instance takes a feed over within
			 * about this long after its publisher is lost.
			 */
			@DefaultValue("3s") Duration leaseTtl) {
	}

	/** The live feed at boot. */
	public record Feed(@DefaultValue("10") int rate, @DefaultValue("50") int markers) {
	}

	/**
	 * Replay window per feed: the newest {@code size} events, none older than
	 * {@code maxAge}.
	 */
	public record Replay(@DefaultValue("10000") int size, @DefaultValue("5m") Duration maxAge) {
	}

	public record Limits(@DefaultValue("1000") int maxRate, @DefaultValue("1000") int maxMarkers,
			/** Benchmark feeds that may exist at once (the live feed not counted). */
			@DefaultValue("8") int maxBenchFeeds,
			/** Budget per feed: rate x markers (marker positions produced per second). */
			@DefaultValue("200000") int maxRateTimesMarkers,
			/** A benchmark feed without subscribers or polls for this long is removed. */
			@DefaultValue("60s") Duration benchFeedIdleTimeout,
			/** Events in one polling answer or one push batch. */
			@DefaultValue("500") int maxBatch,
			/** Open SSE streams, WebSockets or waiting long polls, each. */
			@DefaultValue("25000") int maxConnectionsPerTransport,
			/** Largest request body accepted by the JSON API, in bytes. */
			@DefaultValue("4096") int maxRequestBytes,
			/**
			 * At most this many platform threads write to push clients on Java 17-20,
			 * started only when all are busy (21+ uses virtual threads).
			 */
			@DefaultValue("64") int pushThreads) {
	}

	public record Sse(@DefaultValue("15s") Duration heartbeat, @DefaultValue("2000") long retryMillis,
			/**
			 * Each stream's {@code retry:} is retryMillis x (1 +/- this), drawn per
			 * connection, so that clients told to come back at once (a restart) do not
			 * all come back in the same instant. 0 = the same retry for everybody.
			 */
			@DefaultValue("0.5") double retryJitter) {

		/**
		 * One connection's {@code retry:} in ms: uniform in base x [1 - jitter, 1 +
		 * jitter].
		 */
		public long retryMillisFor(double random) {
			double jitter = Math.max(0, Math.min(1, this.retryJitter));
			return Math.round(this.retryMillis * (1 + jitter * (2 * random - 1)));
		}

	}

	public record WebSocket(@DefaultValue("20s") Duration pingInterval,
			/**
			 * A send blocked this long (the client stopped reading) closes the socket.
			 */
			@DefaultValue("20s") Duration sendTimeout,
			/** Largest client text message in bytes; bigger ones close with 1009. */
			@DefaultValue("8192") int maxTextMessageSize,
			/**
			 * Accept permessage-deflate when the client offers it (browsers always do),
			 * with server_no_context_takeover: the direct engine compresses each event
			 * once for every connection; the Spring engine (/ws/spring/feeds) once per
			 * connection. Off: frames go out uncompressed.
			 */
			@DefaultValue("true") boolean compression) {
	}

	public record Polling(@DefaultValue("30") int maxWaitSeconds) {
	}

	/**
	 * HTTP transports. {@code compression} gzips polling answers and SSE streams when the
	 * client accepts it; application.yml hands it to {@code server.compression.enabled}
	 * (Tomcat flushes the gzip stream on every SSE event, so events are not held back).
	 */
	public record Http(@DefaultValue("false") boolean compression,
			/**
			 * Tomcat's application read and write buffer per connection (its default is 8
			 * KB each). Every open SSE stream, WebSocket or waiting long poll holds both,
			 * so this is most of what a connection costs; writes larger than it simply
			 * take more than one copy.
			 */
			@DefaultValue("1KB") DataSize socketBuffer,
			/**
			 * Tomcat's servlet response buffer (its default is 8 KB, with a char buffer
			 * of as many chars beside it). An open SSE stream holds its response for as
			 * long as it lasts; answers larger than the buffer go out chunked or in more
			 * than one write.
			 */
			@DefaultValue("2KB") DataSize responseBuffer) {
	}

	/** Simulated background jobs (POST /api/jobs), each followed as feed job-N. */
	public record Jobs(
			/** Jobs running at once; more are refused with 429. */
			@DefaultValue("10") int maxRunning,
			/** A finished job (and its feed) stays readable this long. */
			@DefaultValue("2m") Duration retention,
			/**
			 * Finished jobs kept at most; the oldest goes first when a new job needs
			 * room.
			 */
			@DefaultValue("50") int maxRetained) {
	}

}
