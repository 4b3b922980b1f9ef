package dev.transportlab.tools.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <out-root>/latest}: a symbolic link to the newest run's folder, so that each run
 * keeps its own folder and "the last report" is still one fixed path. Where links cannot be
 * made, a text file {@code latest.txt} names the folder instead.
 */
final class Latest {

	private Latest() {
	}

	/** Points latest at {@code run}; returns the pointer's path. */
	static Path point(Path root, Path run) throws IOException {
		Path link = root.resolve("latest");
		Files.deleteIfExists(link);
		try {
			return Files.createSymbolicLink(link, root.toAbsolutePath().relativize(run.toAbsolutePath()));
		}
		catch (UnsupportedOperationException | IOException ex) {
			return Files.writeString(root.resolve("latest.txt"), run.getFileName() + "\n");
		}
	}

}
