package dev.transportlab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(LabProperties.class)
public class TransportLabApplication {

	public static void main(String[] args) {
		SpringApplication.run(TransportLabApplication.class, args);
	}

}
