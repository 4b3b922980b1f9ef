package dev.transportlab.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@code @SpringBootTest} of the job tests, as an annotation (not a test class, so
 * not named {@code *Tests}): one shared application (same properties, so one cached
 * context) with a short retention to see a job forgotten, a small running cap to hit it,
 * a slow live feed to leave the CPU to the jobs. The retention is also the time a late
 * subscriber has to connect to a finished job (JobProgressTransportsTests): 3 s was not
 * enough on a loaded machine whose first SSE client in the JVM was still loading.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lab.jobs.retention=10s", "lab.jobs.max-running=4", "lab.feed.rate=2" })
@interface JobsSpringBootTestContext {

}
