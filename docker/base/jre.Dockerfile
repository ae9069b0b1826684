# A Java 17 runtime from Debian's packages, standing in for eclipse-temurin:17-jre where no image
# registry answers (bin/compose-check builds it; the Dockerfile takes it as JRE_IMAGE). BASE_IMAGE is
# a Debian bookworm root file system imported from mmdebstrap, already trusting this machine's CAs.
ARG BASE_IMAGE=paycloud-check/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && java -version
CMD ["java", "-version"]
