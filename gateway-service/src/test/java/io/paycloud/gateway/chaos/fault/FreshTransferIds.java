package io.paycloud.gateway.chaos.fault;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chaos suite's broken build, loaded into payment-service's process by the test only (never part of
 * its jar): every attempt of a plain ledger transfer (fees, refunds) leaves with a new id, so a retry after
 * a lost answer posts the money a second time. The suite's audit must notice.
 *
 * <p>It adds one interceptor to the load-balanced builder every client of another service starts from
 * (common-lib's {@code ServiceClients}); the interceptor rewrites the ids in {@code POST /internal/transfers}
 * and {@code /internal/transfers/batch} bodies and lets every other call pass.
 * {@link #install} lays it out as an auto-configuration on an extra class path entry.
 */
public class FreshTransferIds implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(FreshTransferIds.class);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if ("loadBalancedRestClientBuilder".equals(beanName) && bean instanceof RestClient.Builder builder) {
            log.error("fault injection: ledger transfers of kind 'single' get a fresh id on every attempt");
            return builder.requestInterceptor(new Rewrite());
        }
        return bean;
    }

    static final class Rewrite implements ClientHttpRequestInterceptor {

        private final JsonMapper json = JsonMapper.builder().build();

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
                throws IOException {
            String path = request.getURI().getPath();
            if (request.getMethod() != HttpMethod.POST || !path.startsWith("/internal/transfers")) {
                return execution.execute(request, body);
            }
            JsonNode root = json.readTree(body);
            if (path.equals("/internal/transfers")) {
                fresh(root);
            } else if (path.equals("/internal/transfers/batch")) {
                root.get("transfers").forEach(FreshTransferIds::fresh);
            }
            byte[] rewritten = json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
            request.getHeaders().setContentLength(rewritten.length);
            return execution.execute(request, rewritten);
        }
    }

    private static void fresh(JsonNode transfer) {
        if (transfer instanceof ObjectNode order && "single".equals(order.path("kind").asString(""))) {
            order.put("id", order.get("id").asString() + ":" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    /**
     * Copies this class into {@code dir} with the auto-configuration entry that makes a Spring Boot
     * application load it, and returns {@code dir} (for the launcher's {@code loader.path}).
     */
    public static Path install(Path dir) throws IOException {
        String pkg = FreshTransferIds.class.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(FreshTransferIds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path target = Files.createDirectories(dir.resolve(pkg));
        try (var files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("FreshTransferIds")).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path imports = Files.createDirectories(dir.resolve("META-INF/spring"))
                .resolve("org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        Files.writeString(imports, FreshTransferIds.class.getName() + "\n");
        return dir;
    }
}
