package dev.transportlab.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.transportlab.feed.DaemonThreads;
import dev.transportlab.feed.Feed;
import dev.transportlab.feed.FeedRegistry;
import dev.transportlab.feed.UnknownFeedException;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

/**
 * The overview page's live numbers: connected clients per transport and the feed's
 * settings, pushed over SSE once a second ({@code event: clients}). Not a feed
 * subscription, so watching the overview does not count as an SSE client.
 */
@RestController
class ClientCountStream implements SmartLifecycle {

	private final FeedRegistry feeds;

	private final JsonMapper json;

	private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

	private ScheduledExecutorService timer;

	ClientCountStream(FeedRegistry feeds, JsonMapper json) {
		this.feeds = feeds;
		this.json = json;
	}

	@GetMapping(path = "/api/clients", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> stream() throws IOException {
		SseEmitter emitter = new SseEmitter(0L);
		this.emitters.add(emitter);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onError(ex -> this.emitters.remove(emitter));
		emitter.send(SseEmitter.event().reconnectTime(2000).name("clients").data(snapshot()));
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).header("X-Accel-Buffering", "no").body(emitter);
	}

	private String snapshot() {
		Map<String, Object> body = new LinkedHashMap<>();
		try {
			Feed live = this.feeds.get(FeedRegistry.LIVE);
			Map<String, Integer> clients = new LinkedHashMap<>();
			live.clients().forEach((transport, count) -> clients.put(transport.key(), count));
			body.put("clients", clients);
			body.put("rate", live.settings().rate());
			body.put("markers", live.settings().markers());
			body.put("seq", live.head());
			body.put("log", live.logState());
		}
		catch (UnknownFeedException ex) {
			body.put("clients", Map.of());
		}
		return this.json.writeValueAsString(body);
	}

	private void broadcast() {
		if (this.emitters.isEmpty()) {
			return;
		}
		String data = snapshot();
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(SseEmitter.event().name("clients").data(data));
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		}
	}

	@Override
	public void start() {
		this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("client-counts-"));
		this.timer.scheduleWithFixedDelay(this::broadcast, 1, 1, TimeUnit.SECONDS);
	}

	/** Ends the streams before the web server's graceful shutdown waits for them. */
	@Override
	public void stop() {
		this.timer.shutdownNow();
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	@Override
	public boolean isRunning() {
		return this.timer != null && !this.timer.isShutdown();
	}

}
