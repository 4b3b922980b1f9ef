package dev.transportlab.problem;

/** A query parameter, header or body field with a value outside what is allowed. */
public class BadParameterException extends RuntimeException {

	private final String parameter;

	public BadParameterException(String parameter, String rule) {
		super("Parameter '" + parameter + "' " + rule);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
