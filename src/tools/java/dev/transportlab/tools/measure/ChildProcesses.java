package dev.transportlab.tools.measure;

/**
 * The measurement tools start servers, Redis and nginx as child processes and stop them
 * in {@code finally} blocks; a tool stopped by Ctrl-C or {@code timeout} runs no finally
 * block, only shutdown hooks. This one kills whatever the tool started and left running.
 */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/** Once per tool run: at JVM exit, every descendant process still alive is killed. */
	static void killOnExit() {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(child -> {
			if (child.isAlive()) {
				child.destroyForcibly();
			}
		}), "kill-children"));
	}

}
