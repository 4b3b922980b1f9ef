package dev.transportlab.config;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO protocol with a settable servlet response buffer. Tomcat gives every
 * response an 8 KB byte buffer and a char buffer of 8 K chars (24 KB in all) and asks the
 * protocol for another size ({@code getDesiredBufferSize}) only in AJP; an open SSE
 * stream holds its response, so with thousands of streams these buffers are a large part
 * of the heap. A response that asks for more ({@code setBufferSize}) still gets it.
 */
public class LeanHttp11NioProtocol extends Http11NioProtocol {

	private volatile int desiredBufferSize = -1;

	@Override
	public int getDesiredBufferSize() {
		return this.desiredBufferSize;
	}

	/** Set by the connector's {@code desiredBufferSize} property; below 1, Tomcat's 8 KB. */
	public void setDesiredBufferSize(int bytes) {
		this.desiredBufferSize = bytes;
	}

}
