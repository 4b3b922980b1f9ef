package dev.transportlab.transport;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.ResumePoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How every transport reads a client's resume point from a request: absent or blank is a
 * new client, a blank epoch parameter is none, and nothing is refused.
 */
class ResumeUnitTests {

	@Test
	void absentOrBlankIsANewClient() {
		assertThat(Resume.from(null, "e1")).isNull();
		assertThat(Resume.from("", "e1")).isNull();
		assertThat(Resume.from(" \t", null)).isNull();
	}

	@Test
	void theEpochParameterIsStrippedAndABlankOneIsNone() {
		assertThat(Resume.from("5", " e1 ")).isEqualTo(new ResumePoint("e1", 5));
		assertThat(Resume.from("5", "  ")).isEqualTo(new ResumePoint(null, 5));
		assertThat(Resume.from("5", null)).isEqualTo(new ResumePoint(null, 5));
		assertThat(Resume.from("e2:5", "e1")).isEqualTo(new ResumePoint("e2", 5));
	}

	@Test
	void anUnreadableValueOrEpochIsAMalformedPointQuotingIt() {
		assertThat(Resume.from("x", null)).isEqualTo(ResumePoint.malformed("x"));
		assertThat(Resume.from("5", "bad epoch")).isEqualTo(ResumePoint.malformed("bad epoch"));
	}

}
