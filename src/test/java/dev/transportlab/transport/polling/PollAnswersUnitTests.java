package dev.transportlab.transport.polling;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.transportlab.feed.Batch;
import dev.transportlab.feed.FeedEvent;
import dev.transportlab.feed.Gap;
import dev.transportlab.feed.ResumePoint;

import static org.assertj.core.api.Assertions.assertThat;

class PollAnswersUnitTests {

	private final PollAnswers answers = new PollAnswers();

	private static final FeedEvent SEVEN = FeedEvent.of(7, 70, "{\"seq\":7}");

	private static final FeedEvent EIGHT = FeedEvent.of(8, 80, "{\"seq\":8}");

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Test
	void pollsAtTheSamePointShareOneAnswer() {
		byte[] first = this.answers.answer("live", new Batch(null, List.of(SEVEN, EIGHT), 8, "e1", false));
		byte[] second = this.answers.answer("live", new Batch(null, List.of(SEVEN, EIGHT), 8, "e1", false));
		assertThat(second).isSameAs(first);
		assertThat(text(first))
			.isEqualTo("{\"feed\":\"live\",\"epoch\":\"e1\",\"next\":8,\"events\":[{\"seq\":7},{\"seq\":8}]}");
		byte[] atHead = this.answers.answer("live", new Batch(null, List.of(), 8, "e1", false));
		assertThat(text(atHead)).isEqualTo("{\"feed\":\"live\",\"epoch\":\"e1\",\"next\":8,\"events\":[]}");
		assertThat(this.answers.answer("live", new Batch(null, List.of(), 8, "e1", false))).isSameAs(atHead);
	}

	@Test
	void anotherPointFeedOrEpochGetsItsOwnAnswer() {
		byte[] fromSix = this.answers.answer("live", new Batch(null, List.of(SEVEN, EIGHT), 8, "e1", false));
		assertThat(text(this.answers.answer("live", new Batch(null, List.of(EIGHT), 8, "e1", false))))
			.isEqualTo("{\"feed\":\"live\",\"epoch\":\"e1\",\"next\":8,\"events\":[{\"seq\":8}]}");
		assertThat(text(this.answers.answer("bench-1", new Batch(null, List.of(SEVEN, EIGHT), 8, "e1", false))))
			.startsWith("{\"feed\":\"bench-1\",")
			.isNotEqualTo(text(fromSix));
		assertThat(text(this.answers.answer("live", new Batch(null, List.of(SEVEN, EIGHT), 8, "e2", false))))
			.contains("\"epoch\":\"e2\"");
		assertThat(text(this.answers.answer("live", new Batch(null, List.of(SEVEN), 7, "e1", true))))
			.isEqualTo("{\"feed\":\"live\",\"epoch\":\"e1\",\"next\":7,\"more\":true,\"events\":[{\"seq\":7}]}");
	}

	@Test
	void anAnswerWithAGapEchoesTheClientsOwnPoint() {
		Gap expired = new Gap(Gap.Reason.EXPIRED, "e1", ResumePoint.after(2), 4L, 6);
		byte[] answer = this.answers.answer("live", new Batch(expired, List.of(SEVEN), 7, "e1", false));
		assertThat(text(answer)).contains("\"gap\":" + expired.json()).endsWith("\"events\":[{\"seq\":7}]}");
		Gap otherPoint = new Gap(Gap.Reason.EXPIRED, "e1", ResumePoint.after(3), 3L, 6);
		assertThat(text(this.answers.answer("live", new Batch(otherPoint, List.of(SEVEN), 7, "e1", false))))
			.contains("\"gap\":" + otherPoint.json());
	}

}
