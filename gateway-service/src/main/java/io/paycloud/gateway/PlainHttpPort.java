package io.paycloud.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Plain HTTP beside the HTTPS edge (profile tls), on {@code paycloud.edge.plain-http.port}: either the
 * same API, for the embedded profile's {@code http://localhost:8080} (API.md), or only a permanent
 * redirect to the HTTPS port, which is what every other profile gets (docs/tls.md). HSTS is sent on
 * HTTPS answers (Spring Security's default), so a browser that saw one never tries plain HTTP again.
 */
@Component
@ConditionalOnProperty("paycloud.edge.plain-http.port")
class PlainHttpPort implements SmartLifecycle {

    enum Mode { SERVE, REDIRECT }

    private final WebServer server;
    private volatile boolean running;

    PlainHttpPort(HttpHandler api, @Value("${paycloud.edge.plain-http.port}") int port,
            @Value("${paycloud.edge.plain-http.mode:redirect}") Mode mode, @Value("${server.port}") int httpsPort) {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(port);
        factory.setShutdown(Shutdown.GRACEFUL);
        server = factory.getWebServer(mode == Mode.SERVE ? api : toHttps(httpsPort));
    }

    private static HttpHandler toHttps(int httpsPort) {
        return (request, response) -> {
            response.setStatusCode(HttpStatus.PERMANENT_REDIRECT);
            response.getHeaders().set(HttpHeaders.LOCATION, UriComponentsBuilder.fromUri(request.getURI())
                    .scheme("https").port(httpsPort == 443 ? -1 : httpsPort).build(true).toUriString());
            return response.setComplete();
        };
    }

    @Override
    public void start() {
        server.start();
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        server.shutDownGracefully(result -> {
            server.stop();
            callback.run();
        });
    }

    @Override
    public void stop() {
        running = false;
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
