# syntax=docker/dockerfile:1
# Needs BuildKit (the default builder since Docker Engine 23 and in Compose v2) for the cache mount.
#
# Transport Lab image: a Maven build stage, a JRE runtime stage, and a `compare` stage (used only by
# the compose profile of the same name) that runs the Selenium comparison run.
#
# There is no Docker engine in this project's CI, so every RUN step here is a command that CI or a
# developer runs as-is on a plain machine (see README "Docker" and docs/workshop.md):
#   mvn -B -ntp package -DskipTests
#   java -Djarmode=tools -jar target/transport-lab-*.jar extract --layers --launcher --destination target/extracted
#   mvn -B -ntp -Pcompare verify -Dexec.skip=true
#   docker/healthcheck.sh

FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /workspace
COPY pom.xml ./
COPY src ./src
# The cache mount keeps downloaded dependencies between image builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp package -DskipTests
# Spring Boot's layer split: dependencies change rarely, so they get their own (cacheable) image layers.
RUN java -Djarmode=tools -jar target/transport-lab-*.jar extract --layers --launcher --destination target/extracted

# The comparison run needs Maven, the test classpath (Selenium, chart rendering) and the sources, so it
# reuses the build stage; dependencies are fetched into this layer so that the run itself is offline.
FROM build AS compare
RUN mvn -B -ntp -Pcompare verify -Dexec.skip=true
ENTRYPOINT ["mvn", "-B", "-ntp", "-o", "-Pcompare", "verify"]

FROM eclipse-temurin:25-jre AS runtime
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin lab
WORKDIR /app
# Least-changing layer first, so a code change rebuilds only the last, small layer.
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# healthcheck.sh is committed executable (mode 755), and COPY keeps the mode.
COPY docker/healthcheck.sh /usr/local/bin/healthcheck
USER lab
ENV PORT=8080
EXPOSE 8080
# start-period covers a cold JVM start on a busy laptop; health is Actuator's, 200 only when UP.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
