package dev.transportlab.tools.client;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The options every command that starts the app shares, as a picocli mixin: the jar, its JVM
 * options, the CPUs it is pinned to and where the results go. Each command passes its own
 * defaults: {@code @Mixin ServerOptions server = new ServerOptions("target/x", "-Xmx1g", "0")}.
 */
public final class ServerOptions {

	/** The jar {@code mvn package} builds. */
	public static final String JAR = "target/transport-lab-0.1.0-SNAPSHOT.jar";

	@Option(names = "--jar", paramLabel = "PATH", description = "the packaged app (path)")
	private Path jar = Path.of(JAR);

	@Option(names = "--server-jvm-args", paramLabel = "ARGS", description = "JVM options of the started server")
	private String jvmArgs;

	@Option(names = "--server-cpus", paramLabel = "CPUS",
			description = "taskset CPU list the started servers are pinned to (e.g. 0); empty: not pinned")
	private String cpus;

	@Option(names = "--out", paramLabel = "DIR", description = "results and the servers' logs (directory)")
	private Path out;

	/** For picocli only: a command's field holds one made with its defaults. */
	public ServerOptions() {
		this("target/out", "", "");
	}

	public ServerOptions(String out, String jvmArgs, String cpus) {
		this.out = Path.of(out);
		this.jvmArgs = jvmArgs;
		this.cpus = cpus;
	}

	public Path jar() {
		return this.jar;
	}

	public String jvmArgs() {
		return this.jvmArgs;
	}

	/** The taskset CPU list, empty when not pinned. */
	public String cpus() {
		return this.cpus;
	}

	public Path out() {
		return this.out;
	}

}
