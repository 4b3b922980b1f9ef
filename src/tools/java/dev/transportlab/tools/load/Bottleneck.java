package dev.transportlab.tools.load;

import java.util.Locale;

/**
 * Which side limited a load row, if any: the load generator (its clients or the peers'
 * publisher ran out of CPU, or the publisher fell short of its rate) or the server (it used
 * its cores up, or the clients got less than 99 % of the expected messages while the
 * generator still had room). A marked row says nothing about the server: its latency and
 * cost are of a run that did not get the load it was asked for, or could not carry it.
 *
 * @param mark "" (a fair row), {@link #GENERATOR} or {@link #SERVER}
 * @param why the figures behind the mark, for the report
 */
public record Bottleneck(String mark, String why) {

	public static final String GENERATOR = "generator-bound";

	public static final String SERVER = "server-bound";

	/** A side that used this share of its cores is taken as out of CPU (sampling and GC leave the rest). */
	static final double SATURATED = 0.90;

	/** Less delivered than this share of the expected messages is a shortfall. */
	public static final double MIN_DELIVERED = 0.99;

	/**
	 * @param delivered received / expected messages in the measured window (0..1)
	 * @param generatorCores the load generator's own CPU, mean cores over the window
	 * @param generatorCpus the CPUs it may use (its --client-cpus, or all)
	 * @param serverCores the server process's own CPU, cores over the window
	 * @param serverCpus the CPUs it may use (--server-cpus, or all)
	 * @param publisherShare the peers' publisher's achieved rate / asked rate; NaN for this project
	 * @param shared whether both sides run on the same CPUs (nothing pinned)
	 */
	static Bottleneck judge(double delivered, double generatorCores, int generatorCpus, double serverCores,
			int serverCpus, double publisherShare, boolean shared) {
		boolean publisherShort = !Double.isNaN(publisherShare) && publisherShare < MIN_DELIVERED;
		boolean generatorOut;
		boolean serverOut;
		if (shared) {
			// one pool of cores: when it is used up, the side that took more of it is the one that ran out
			boolean machineOut = generatorCores + serverCores >= SATURATED * generatorCpus;
			generatorOut = machineOut && generatorCores >= serverCores;
			serverOut = machineOut && serverCores > generatorCores;
		}
		else {
			generatorOut = generatorCores >= SATURATED * generatorCpus;
			serverOut = serverCores >= SATURATED * serverCpus;
		}
		String figures = String.format(Locale.ROOT,
				"delivered %.1f %%, load generator %.2f of %d cores, server %.2f of %d cores%s", delivered * 100,
				generatorCores, generatorCpus, serverCores, serverCpus,
				Double.isNaN(publisherShare) ? "" : String.format(Locale.ROOT, ", publisher %.1f %% of its rate",
						publisherShare * 100));
		if (generatorOut || publisherShort) {
			return new Bottleneck(GENERATOR, figures);
		}
		if (serverOut || delivered < MIN_DELIVERED) {
			return new Bottleneck(SERVER, figures);
		}
		return new Bottleneck("", figures);
	}

	/** A row with a verdict on the server. */
	public boolean fair() {
		return this.mark.isEmpty();
	}

}
