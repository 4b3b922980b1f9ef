package dev.transportlab.tools.client;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium shared by the tests of a class: started before the first (skipped
 * or failed as {@link Browser#assumeAvailable()} says), closed after the last. <pre>
 * &#64;RegisterExtension
 * static final BrowserExtension chromium = new BrowserExtension();
 *
 * chromium.get().open(url);
 * </pre>
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback {

	/**
	 * What Chromium logs when a connection breaks: expected after a cut made on purpose,
	 * no other console error is.
	 */
	public static final Pattern NETWORK_ERROR = Pattern
		.compile("net::ERR_|WebSocket connection to .* failed|Failed to load resource");

	private final String acceptLanguage;

	private final int width;

	private final int height;

	private final List<String> extraArguments;

	private Browser browser;

	/** English pages in a 1440 x 900 window, as {@link Browser#start()}. */
	public BrowserExtension() {
		this("en-US", 1440, 900, List.of());
	}

	/** As {@link Browser#start(String, int, int, List)}. */
	public BrowserExtension(String acceptLanguage, int width, int height, List<String> extraArguments) {
		this.acceptLanguage = acceptLanguage;
		this.width = width;
		this.height = height;
		this.extraArguments = extraArguments;
	}

	public Browser get() {
		if (this.browser == null) {
			throw new IllegalStateException("no browser: register the extension on a static field");
		}
		return this.browser;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.browser = Browser.start(this.acceptLanguage, this.width, this.height, this.extraArguments);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.browser != null) {
			this.browser.close();
			this.browser = null;
		}
	}

}
