# Transport Lab image: a Maven build stage, a JRE runtime stage, and a `compare` stage (used only by
# the compose profile of the same name) that runs the Selenium comparison run.
#
# No `# syntax=` line and no BuildKit-only instruction: a syntax line makes BuildKit fetch a frontend
# image before anything else, so an offline or air-gapped build fails on that line alone. The Maven
# dependencies get a layer of their own instead of a cache mount (see below), which any builder
# (docker, podman/buildah) reuses.
#
# There is no container engine in this project's CI, so every RUN step here is a command that CI or a
# developer runs as-is on a plain machine (see README "Docker"):
#   mvn -B -ntp dependency:go-offline, then mvn -B -ntp package -DskipTests
#   java -Djarmode=tools -jar target/transport-lab-*.jar extract --layers --launcher ...
#     (docker/check-layers.sh, run by .ci/run: also checks the COPY order below against the jar)
#   mvn -B -ntp -Pcompare verify -Dexec.skip=true
#   docker/healthcheck.sh (DockerHealthcheckTests)

FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /workspace
# The Maven repository lives outside /root (mode 700) so that the compare stage can run as any user.
ENV MAVEN_REPO_LOCAL=/opt/m2
# Dependencies first, from the pom alone: this layer is rebuilt only when pom.xml changes, so a code
# change does not download them again. go-offline misses a few artifacts resolved at build time; the
# package step below fetches those.
COPY pom.xml ./
RUN mvn -B -ntp -Dmaven.repo.local=$MAVEN_REPO_LOCAL dependency:go-offline
COPY src ./src
RUN mvn -B -ntp -Dmaven.repo.local=$MAVEN_REPO_LOCAL package -DskipTests
# Spring Boot's layer split: dependencies change rarely, so they get their own (cacheable) image layers.
RUN java -Djarmode=tools -jar target/transport-lab-*.jar extract --layers --launcher --destination target/extracted

# The comparison run needs Maven, the test classpath (Selenium, chart rendering) and the sources, so it
# reuses the build stage; its dependencies are fetched into the image so that the run itself is offline.
# It runs as the host user (compose: user: HOST_UID:HOST_GID), so that the report in the bind-mounted
# folder belongs to whoever ran it: docker/compare.sh runs only the run (no recompilation), which
# writes nothing but the report, and HOME is /tmp for any uid.
FROM build AS compare
RUN mvn -B -ntp -Dmaven.repo.local=$MAVEN_REPO_LOCAL -Pcompare verify -Dexec.skip=true \
  && mkdir -p target/comparison && chmod 1777 target/comparison
ENV HOME=/tmp
COPY docker/compare.sh /usr/local/bin/compare
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/compare"]

FROM eclipse-temurin:25-jre AS runtime
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin lab
WORKDIR /app
# Least-changing layer first, in the order `java -Djarmode=tools -jar app.jar list-layers` prints,
# so a code change rebuilds only the last, small layer (docker/check-layers.sh keeps this in step).
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
# The script gives up after HEALTHCHECK_TIMEOUT (4 s) with a message, before Docker's 5 s timeout
# would kill it silently.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
