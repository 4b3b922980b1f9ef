package dev.transportlab.tools.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a capture: TCP payload per direction, retransmissions counted once. */
class WireCaptureCheckTests {

	private static final int RELAY = 40000;

	private static final int CLIENT = 51000;

	@Test
	void replaysAPcapThroughTheMeterCountingRetransmittedBytesOnce(@TempDir Path dir) throws IOException {
		String request = "GET /api/feeds/b9/events?after=0 HTTP/1.1\r\nHost: x\r\n\r\n";
		String answer = "HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\nhello";
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
		pcap.writeBytes(global.array());
		packet(pcap, CLIENT, RELAY, 1000, "");
		packet(pcap, CLIENT, RELAY, 1001, request);
		packet(pcap, RELAY, CLIENT, 5000, answer.substring(0, 10));
		packet(pcap, RELAY, CLIENT, 5000, answer.substring(0, 10)); // retransmitted
		packet(pcap, RELAY, CLIENT, 5010, answer.substring(10));
		Path file = Files.write(dir.resolve("t.pcap"), pcap.toByteArray());

		WireMeter meter = WireCaptureCheck.replay(file, RELAY);

		WireMeter.Totals polls = meter.totals("events b9");
		assertThat(polls.bytesUp()).isEqualTo(request.length());
		assertThat(polls.bytesDown()).isEqualTo(answer.length());
		assertThat(polls.requests()).isEqualTo(1);
		assertThat(polls.clientPorts()).containsExactly(CLIENT);
		assertThat(new WireCaptureCheck.Row("x", 1030, 1000, 95, 100).within(5)).isTrue();
		assertThat(new WireCaptureCheck.Row("x", 1060, 1000, 100, 100).within(5)).isFalse();
	}

	/** One Ethernet + IPv4 + TCP packet (20-byte headers), little-endian pcap record. */
	private static void packet(ByteArrayOutputStream pcap, int src, int dst, int seq, String payload) {
		byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
		ByteBuffer p = ByteBuffer.allocate(14 + 20 + 20 + body.length);
		p.position(12);
		p.putShort((short) 0x0800);
		p.put((byte) 0x45).put((byte) 0).putShort((short) (40 + body.length)).putInt(0).put((byte) 64).put((byte) 6);
		p.putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
		p.putShort((short) src).putShort((short) dst).putInt(seq).putInt(0).put((byte) 0x50).put((byte) 0x18);
		p.putShort((short) 65535).putInt(0);
		p.put(body);
		ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		record.putInt(0).putInt(0).putInt(p.capacity()).putInt(p.capacity());
		pcap.writeBytes(record.array());
		pcap.writeBytes(p.array());
	}

}
