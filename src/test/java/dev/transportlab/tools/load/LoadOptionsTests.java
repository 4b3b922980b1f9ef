package dev.transportlab.tools.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadOptionsTests {

	@Test
	void serverJvmArgsTakeEveryWordUpToTheNextFlagWithOrWithoutEquals() {
		assertThat(
				LoadOptions.parse("--server-jvm-args -Xmx1g -XX:+UseSerialGC -Dlab.x=1 --clients 5").server.jvmArgs())
			.isEqualTo("-Xmx1g -XX:+UseSerialGC -Dlab.x=1");
		LoadOptions joined = LoadOptions.parse("--server-jvm-args=-Xmx1g -XX:+UseSerialGC", "--clients", "5");
		assertThat(joined.server.jvmArgs()).isEqualTo("-Xmx1g -XX:+UseSerialGC");
		assertThat(joined.clients).isEqualTo(5);
	}

}
