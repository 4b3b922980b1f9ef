package dev.transportlab.problem;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** A query parameter, header or body field with a value outside what is allowed (400). */
public class BadParameterException extends ProblemException {

	private final String parameter;

	public BadParameterException(String parameter, String rule) {
		super(HttpStatus.BAD_REQUEST, Problems.BAD_PARAMETER, "Parameter '" + parameter + "' " + rule);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("parameter", this.parameter);
	}

}
