package dev.transportlab.tools.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code lab.websocket.compression=true} the server accepts the permessage-deflate
 * that the load command's browser-like clients offer, and the report says so; with
 * {@code --ws-deflate off} nothing is offered and nothing negotiated. Nothing is lost
 * either way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "lab.websocket.compression=true")
class LoadCommandCompressionTests {

	@LocalServerPort
	int port;

	@Test
	void browserLikeClientsGetDeflateWhenTheServerAcceptsItAndNoneWhenTheyDoNotOfferIt() throws Exception {
		List<TransportResult> offered = run("on");
		List<TransportResult> notOffered = run("off");

		assertThat(offered.get(0).webSocketExtensions()).startsWith("permessage-deflate");
		assertThat(notOffered.get(0).webSocketExtensions()).isEqualTo("none");
		for (TransportResult result : List.of(offered.get(0), notOffered.get(0))) {
			assertThat(result.connectedAfterRampUp()).as(result.toString()).isEqualTo(50);
			assertThat(result.lost()).as(result.toString()).isZero();
			assertThat(result.receivedMeasured()).as(result.toString()).isGreaterThan(50L * 10 * 2 / 2);
		}
	}

	private List<TransportResult> run(String deflate) throws Exception {
		LoadOptions options = LoadOptions.parse("--transport", "websocket", "--clients", "50", "--ramp-up", "1",
				"--duration", "2", "--rate", "10", "--markers", "10", "--base-url", "http://127.0.0.1:" + this.port,
				"--out", Path.of("target", "load-compression-" + deflate).toString(), "--ws-deflate", deflate,
				"--quiet");
		return LoadCommand.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
	}

}
