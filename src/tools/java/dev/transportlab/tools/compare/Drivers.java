package dev.transportlab.tools.compare;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.Capabilities;
import org.openqa.selenium.HasCapabilities;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

import dev.transportlab.tools.client.Browser;

/**
 * Chromium for the comparison run: the local Debian Chromium through the tests' {@link Browser}
 * (never a downloaded one), or a remote WebDriver such as a Selenium container, with the same
 * flags: headless, and nothing that throttles timers or rAF or adds background traffic.
 */
final class Drivers {

	private Drivers() {
	}

	/** A browser session; close() quits it. */
	interface Session extends AutoCloseable {

		WebDriver driver();

		@Override
		void close();

	}

	static Session start(ComparisonOptions options) throws IOException {
		if (options.webdriverUrl() == null) {
			Browser browser = Browser.start("en-US", 1280, 1000,
					Network.needsTls(options) ? List.of(Browser.IGNORE_CERTIFICATE_ERRORS) : List.of());
			return new Session() {
				@Override
				public WebDriver driver() {
					return browser.driver();
				}

				@Override
				public void close() {
					browser.close();
				}
			};
		}
		ChromeOptions chrome = new ChromeOptions();
		chrome.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-background-timer-throttling", "--disable-renderer-backgrounding",
				"--disable-backgrounding-occluded-windows", "--window-size=1280,1000", "--force-device-scale-factor=1",
				"--lang=en-US");
		RemoteWebDriver remote = new RemoteWebDriver(options.webdriverUrl().toURL(), chrome);
		return new Session() {
			@Override
			public WebDriver driver() {
				return remote;
			}

			@Override
			public void close() {
				remote.quit();
			}
		};
	}

	static Map<String, Object> describe(WebDriver driver) {
		Map<String, Object> browser = new LinkedHashMap<>();
		if (driver instanceof HasCapabilities hasCapabilities) {
			Capabilities caps = hasCapabilities.getCapabilities();
			browser.put("browser", caps.getBrowserName() + " " + caps.getBrowserVersion());
			if (caps.getCapability("chrome") instanceof Map<?, ?> chrome && chrome.get("chromedriverVersion") != null) {
				browser.put("chromedriver", String.valueOf(chrome.get("chromedriverVersion")).split(" ")[0]);
			}
		}
		browser.put("userAgent", ((JavascriptExecutor) driver).executeScript("return navigator.userAgent"));
		return browser;
	}

}
