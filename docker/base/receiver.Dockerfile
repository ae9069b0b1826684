# bin/compose-check's webhook receiver (WebhookReceiver.java, compiled on the host into the build
# context), on the JRE image the services run on.
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}
COPY WebhookReceiver*.class /receiver/
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", "/receiver", "WebhookReceiver"]
