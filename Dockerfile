# One image per service from one Dockerfile (BuildKit: DOCKER_BUILDKIT=1 with Docker 20.10, the
# default since 23; no `# syntax=` line, so no frontend image is pulled from a registry):
#   docker build --build-arg SERVICE=payment-service -t paycloud/payment-service:local .
# SERVICE is a module name: registry-service, gateway-service, payment-service, account-service,
# risk-service or analytics-service.
ARG SERVICE=gateway-service
# The base images; bin/compose-check passes images it built from Debian packages where no registry
# answers (docker/base/).
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre
# Where the application jar comes from: "build" runs Maven in the image (the default), "prebuilt"
# takes ${SERVICE}/target/${SERVICE}.jar from the build context, built beforehand on the host
# (./mvnw package). The repository's .dockerignore leaves target/ out, so "prebuilt" needs a context
# that holds the jar and docker/*.sh: bin/compose-check stages one. BuildKit builds only the stage
# it needs, so "prebuilt" never runs Maven.
ARG JAR=build

# ---- build: the module and what it depends on (common-lib), tests skipped (CI runs them) ----
FROM ${JDK_IMAGE} AS build
ARG SERVICE
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common-lib/ common-lib/
COPY registry-service/ registry-service/
COPY gateway-service/ gateway-service/
COPY payment-service/ payment-service/
COPY account-service/ account-service/
COPY risk-service/ risk-service/
COPY analytics-service/ analytics-service/
# gateway-service generates its tests' client from the committed API documents, even when tests are skipped
COPY docs/openapi/ docs/openapi/
# The cache mount keeps ~/.m2 between builds, so a code change does not download Maven Central again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${SERVICE}" -am -DskipTests package \
 && cp "${SERVICE}/target/${SERVICE}.jar" /src/application.jar

# ---- prebuilt: the jar the host built ----
FROM ${JRE_IMAGE} AS prebuilt
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}.jar /src/application.jar

# ---- the jar: from the "build" or the "prebuilt" stage, as JAR says ----
FROM ${JAR} AS jar

# ---- extract: Spring Boot layers, so a code change only rebuilds the small application layer; the
# layout is application.jar beside lib/, the one class data sharing needs (plain jars on the class path) ----
FROM ${JRE_IMAGE} AS extract
WORKDIR /extract
COPY --from=jar /src/application.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination layers

# ---- runtime ----
FROM ${JRE_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="paycloud-${SERVICE}" \
      org.opencontainers.image.description="PayCloud ${SERVICE}"
# A fixed numeric uid, so Kubernetes' runAsNonRoot can check it without looking up a name.
RUN groupadd --system --gid 10001 paycloud \
 && useradd --system --uid 10001 --gid 10001 --home-dir /application --no-create-home \
      --shell /usr/sbin/nologin paycloud
WORKDIR /application
# least to most often changed
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./
# Class data sharing, Spring Boot's training run: the context is refreshed once on the embedded profile
# (H2 in a throwaway directory, no registry, no Redis, ports 0) and the JVM exits, leaving the classes it
# loaded in application.jsa, which every start maps instead of loading them again. Made here, with the
# image's own JVM and the path the entrypoint uses, as an archive requires; one the JVM cannot use is
# ignored with a warning, never a failed start.
RUN PAYCLOUD_HOME=/tmp/cds PAYCLOUD_EMBEDDED_REDIS_PORT=1 \
    java -XX:ArchiveClassesAtExit=/application/application.jsa -Dspring.context.exit=onRefresh \
      -jar /application/application.jar --spring.profiles.active=embedded \
      --server.port=0 --management.server.port=0 \
      --eureka.client.register-with-eureka=false --eureka.client.fetch-registry=false \
 && test -s /application/application.jsa \
 && rm -rf /tmp/cds
# No curl or wget needed: both scripts speak HTTP/1.0, over bash's /dev/tcp in plain and through
# `openssl s_client` with TLS (profile tls, every deployment's). The JRE image has openssl (Debian's and
# Ubuntu's ca-certificates depend on it); an image without it gets it here, or the build fails.
RUN command -v openssl >/dev/null 2>&1 || { apt-get update -q \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl \
      && rm -rf /var/lib/apt/lists/*; } \
 && openssl version && command -v timeout >/dev/null
COPY --chmod=0755 docker/healthcheck.sh /usr/local/bin/healthcheck
COPY --chmod=0755 docker/prestop.sh /usr/local/bin/prestop
# Heap is a share of the container's memory limit, leaving room for metaspace, threads and
# buffers (a service holds ~300 MB RSS at a 256 MB heap); the JVM exits on OOM so the
# orchestrator restarts it instead of limping on. Override JAVA_TOOL_OPTIONS to tune.
ENV PAYCLOUD_SERVICE=${SERVICE} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -Xss512k -Djava.io.tmpdir=/tmp"
USER 10001:10001
# Generous for a busy machine: several JVMs starting at once on two cores take minutes, not seconds
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=12 CMD ["healthcheck"]
# exec form: the JVM is PID 1 and receives SIGTERM itself, which starts Spring's graceful shutdown
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/application/application.jsa", "-jar", "/application/application.jar"]
