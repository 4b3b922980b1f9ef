package dev.transportlab.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.transportlab.feed.ResumePoint;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a WebSocket client may send and what closes its socket (1008, with a reason that
 * says what was expected), read the same by both engines; and the direct engine's
 * handshake answers: the accept key of RFC 6455 and which permessage-deflate offers it
 * takes.
 */
class ResumeMessageUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String EXPECTED = "expected {\"type\":\"resume\",\"after\":N}";

	private static final String NEEDS = "resume needs \"after\": integer >= 0, optional \"epoch\": string";

	@Test
	void aResumeMessageIsAPointWithOrWithoutItsEpoch() {
		assertThat(read("{\"type\":\"resume\",\"after\":5}")).isEqualTo(new ResumeMessage(ResumePoint.after(5), null));
		assertThat(read("{\"type\":\"resume\",\"after\":0,\"epoch\":\"e-1\"}").from())
			.isEqualTo(new ResumePoint("e-1", 0));
		assertThat(read("{\"type\":\"resume\",\"after\":7,\"epoch\":null}").from()).isEqualTo(ResumePoint.after(7));
		assertThat(read("{\"after\":9223372036854775807,\"type\":\"resume\",\"extra\":[1]}").from())
			.isEqualTo(ResumePoint.after(Long.MAX_VALUE));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "resume", "{\"type\":\"resume\",\"after\":5", "{'type':'resume'}" })
	void textThatIsNotJsonIsRefusedAsMalformed(String text) {
		assertThat(read(text)).isEqualTo(new ResumeMessage(null, "malformed JSON; " + EXPECTED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "5", "\"resume\"", "{}", "{\"type\":\"Resume\",\"after\":5}",
			"{\"type\":\"subscribe\",\"after\":5}", "{\"type\":null,\"after\":5}", "{\"after\":5}" })
	void anythingButAResumeObjectIsAnUnknownMessage(String text) {
		assertThat(read(text)).isEqualTo(new ResumeMessage(null, "unknown message; " + EXPECTED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"resume\"}", "{\"type\":\"resume\",\"after\":null}",
			"{\"type\":\"resume\",\"after\":\"5\"}", "{\"type\":\"resume\",\"after\":1.5}",
			"{\"type\":\"resume\",\"after\":-1}", "{\"type\":\"resume\",\"after\":9223372036854775808}",
			"{\"type\":\"resume\",\"after\":5,\"epoch\":7}", "{\"type\":\"resume\",\"after\":5,\"epoch\":{}}",
			"{\"type\":\"resume\",\"after\":true}" })
	void aResumeWithoutAWholeAfterOrWithANonStringEpochIsRefused(String text) {
		assertThat(read(text)).isEqualTo(new ResumeMessage(null, NEEDS));
	}

	@Test
	void theSmallestAfterIsZero() {
		assertThat(read("{\"type\":\"resume\",\"after\":0}").from()).isEqualTo(ResumePoint.after(0));
	}

	@Test
	void anUnreadableEpochIsRefusedWithTheRuleAndFitsACloseFrame() {
		String prefix = "bad resume: must be a whole number >= 0 (optionally EPOCH:N, EPOCH 1..32 letters, digits or '-'), got '";
		ResumeMessage shortOne = read("{\"type\":\"resume\",\"after\":5,\"epoch\":\"a b\"}");
		assertThat(shortOne.from()).isNull();
		assertThat(shortOne.refusal()).isEqualTo(prefix + "a b'");
		// exactly 120 characters: kept whole; 121: cut to 117 and "..."
		String fits = "_".repeat(120 - prefix.length() - 1);
		assertThat(read("{\"type\":\"resume\",\"after\":5,\"epoch\":\"" + fits + "\"}").refusal())
			.isEqualTo(prefix + fits + "'")
			.hasSize(120);
		String tooLong = fits + "_";
		String cut = read("{\"type\":\"resume\",\"after\":5,\"epoch\":\"" + tooLong + "\"}").refusal();
		assertThat(cut).hasSize(120).isEqualTo((prefix + tooLong + "'").substring(0, 117) + "...");
		String longest = read("{\"type\":\"resume\",\"after\":5,\"epoch\":\"" + "_".repeat(500) + "\"}").refusal();
		assertThat(longest.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
	}

	@Test
	void theAcceptKeyIsTheOneOfRfc6455() {
		// RFC 6455 1.3
		assertThat(FeedSocketController.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
		assertThat(FeedSocketController.accept(" dGhlIHNhbXBsZSBub25jZQ== ")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	}

	@Test
	void deflateIsAgreedForOffersAFullWindowCompressorCanAnswer() {
		assertThat(offered("permessage-deflate")).isTrue();
		assertThat(offered("permessage-deflate; client_max_window_bits")).isTrue();
		assertThat(offered("Permessage-Deflate; Server_No_Context_Takeover; client_no_context_takeover")).isTrue();
		assertThat(offered("permessage-deflate; server_max_window_bits=15")).isTrue();
		assertThat(offered("permessage-deflate; server_max_window_bits=\"15\"")).isTrue();
		assertThat(offered("x-webkit-deflate-frame, permessage-deflate")).isTrue();
		assertThat(offered("permessage-deflate; server_max_window_bits=10", "permessage-deflate")).isTrue();
		// refused: a smaller window, an unknown parameter, another extension, nothing
		assertThat(offered("permessage-deflate; server_max_window_bits=10")).isFalse();
		assertThat(offered("permessage-deflate; server_max_window_bits")).isFalse();
		assertThat(offered("permessage-deflate; mystery=1")).isFalse();
		assertThat(offered("x-webkit-deflate-frame")).isFalse();
		assertThat(offered()).isFalse();
		assertThat(FeedSocketController.Deflate.offered(null)).isFalse();
		assertThat(FeedSocketController.Deflate.ANSWER).isEqualTo("permessage-deflate; server_no_context_takeover");
	}

	private static boolean offered(String... headers) {
		return FeedSocketController.Deflate.offered(Collections.enumeration(List.of(headers)));
	}

	private static ResumeMessage read(String text) {
		return ResumeMessage.read(JSON, text);
	}

}
