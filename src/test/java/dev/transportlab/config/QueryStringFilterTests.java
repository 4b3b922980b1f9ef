package dev.transportlab.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query check that stands in for the containers' own decoding errors: what Tomcat and
 * Jetty refuse when a parameter is first read is refused here, and nothing else. Over a
 * real socket on the running container: HostileInputRegressionTests.
 */
class QueryStringFilterTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "after=%", "after=5%", "after=%4", "after=1&%zz=2", "after=%E0%80", "a=%C3", "a=%FF",
			"a=%C3&b=%A9", "a=%ED%A0%80" })
	void anUndecodableQueryIsRefused(String query) {
		assertThat(QueryStringFilter.problem(query)).isEqualTo(QueryStringFilter.UNDECODABLE);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "after=5", "after=E%3A5&epoch=x", "a=%C3%A9", "a=%F0%9F%98%80", "a=b+c", "after=",
			"&&", "a==b", "a=%3Db", "a=%25", "a=%2b%2F", "x=\u00e9" })
	void aDecodableQueryPasses(String query) {
		assertThat(QueryStringFilter.problem(query)).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "=", "=j", "after=5&=j", "after=5&=", "&=x" })
	void aParameterWithoutANameIsRefused(String query) {
		assertThat(QueryStringFilter.problem(query)).isEqualTo(QueryStringFilter.NAMELESS);
	}

	@Test
	void moreParametersThanAContainerParsesAreRefused() {
		assertThat(QueryStringFilter.problem("a=1" + "&a=1".repeat(QueryStringFilter.MAX_PARAMETERS - 1))).isNull();
		assertThat(QueryStringFilter.problem("a=1" + "&a=1".repeat(QueryStringFilter.MAX_PARAMETERS)))
			.contains("at most 1000 parameters");
	}

}
