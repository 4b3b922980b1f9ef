package dev.transportlab.tools.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain one-shot HTTP requests with JSON bodies (create a feed, start a job, read a
 * status), for tests and tools. Not a transport client: following a feed is
 * {@link AsyncClients}' job, hand-made hostile requests are {@link RawHttp}'s.
 */
public final class JsonHttp {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private JsonHttp() {
	}

	public static JsonNode parse(String text) {
		return JSON.readTree(text);
	}

	/** GET with the status and the body as text. */
	public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Any method, with a JSON body when one is given. */
	public static HttpResponse<String> send(String method, String url, String jsonBody)
			throws IOException, InterruptedException {
		HttpRequest.BodyPublisher body = (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body);
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
