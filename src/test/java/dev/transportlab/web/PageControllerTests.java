package dev.transportlab.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.transportlab.feed.FeedRegistry;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Pages render, with the language from Accept-Language or ?lang=, remembered in a cookie.
 */
@WebMvcTest(PageController.class)
class PageControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	FeedRegistry feeds;

	@Test
	void everyPageRendersWithTheDashboardHooksAndTheImportMap() throws Exception {
		for (String path : new String[] { "/", "/polling", "/long-polling", "/websocket", "/sse", "/race" }) {
			this.mvc.perform(get(path))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("<script type=\"importmap\">")))
				.andExpect(content().string(containsString("/webjars/vue/dist/vue.esm-browser.prod.js")))
				.andExpect(content().string(containsString("href=\"/benchmark\"")))
				.andExpect(content().string(containsString("\"status.open\":\"open\"")));
		}
		this.mvc.perform(get("/sse"))
			.andExpect(content().string(containsString("data-transport=\"sse\"")))
			.andExpect(content().string(containsString("/js/pages/transport-page.js")));
	}

	@Test
	void acceptLanguagePicksRussian() throws Exception {
		this.mvc.perform(get("/").header(HttpHeaders.ACCEPT_LANGUAGE, "ru-RU,ru;q=0.9,en;q=0.5"))
			.andExpect(content().string(containsString("<html lang=\"ru\"")))
			.andExpect(content().string(containsString("Обзор")))
			.andExpect(content().string(containsString("\"status.open\":\"открыто\"")));
	}

	@Test
	void otherLanguagesGetEnglish() throws Exception {
		this.mvc.perform(get("/").header(HttpHeaders.ACCEPT_LANGUAGE, "de-DE,de;q=0.9"))
			.andExpect(content().string(containsString("<html lang=\"en\"")))
			.andExpect(content().string(containsString("Overview")));
	}

	@Test
	void langParameterSwitchesAndIsRemembered() throws Exception {
		this.mvc.perform(get("/race").param("lang", "ru").header(HttpHeaders.ACCEPT_LANGUAGE, "en"))
			.andExpect(content().string(containsString("Гонка")))
			.andExpect(cookie().value(LocaleConfig.COOKIE, "ru"));
		this.mvc
			.perform(get("/race").cookie(new jakarta.servlet.http.Cookie(LocaleConfig.COOKIE, "ru"))
				.header(HttpHeaders.ACCEPT_LANGUAGE, "en"))
			.andExpect(content().string(containsString("Гонка")));
	}

	@Test
	void anUnsupportedLangParameterDoesNotStick() throws Exception {
		this.mvc.perform(get("/").param("lang", "xx-not-a-language"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html lang=\"en\"")))
			.andExpect(content().string(not(containsString("Обзор"))));
	}

}
