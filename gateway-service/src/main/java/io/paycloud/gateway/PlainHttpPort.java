package io.paycloud.gateway;

import java.net.URI;

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
 * redirect to the HTTPS port, which is what every other profile gets (docs/tls.md). The redirect names
 * {@code paycloud.edge.plain-http.redirect-port}, the HTTPS port as clients reach it, which is the server's
 * own unless a container publishes it under another number. HSTS is sent on
 * HTTPS answers (Spring Security's default), so a browser that saw one never tries plain HTTP again.
 */
@Component
@ConditionalOnProperty("paycloud.edge.plain-http.port")
class PlainHttpPort implements SmartLifecycle {

    enum Mode { SERVE, REDIRECT }

    private final WebServer server;
    private volatile boolean running;

    PlainHttpPort(HttpHandler api, @Value("${paycloud.edge.plain-http.port}") int port,
            @Value("${paycloud.edge.plain-http.mode:redirect}") Mode mode,
            @Value("${paycloud.edge.plain-http.redirect-port:${server.port}}") int httpsPort) {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(port);
        factory.setShutdown(Shutdown.GRACEFUL);
        server = factory.getWebServer(mode == Mode.SERVE ? api : toHttps(httpsPort));
    }

    private static HttpHandler toHttps(int httpsPort) {
        return (request, response) -> {
            String location = httpsLocation(request.getURI(), httpsPort);
            if (location == null) {
                response.setStatusCode(HttpStatus.BAD_REQUEST);
                return response.setComplete();
            }
            response.setStatusCode(HttpStatus.PERMANENT_REDIRECT);
            response.getHeaders().set(HttpHeaders.LOCATION, location);
            return response.setComplete();
        };
    }

    /**
     * The same resource on the HTTPS port, or null when the request names none a redirect can carry: a
     * target that is not an absolute path ({@code %2Fv1%2Fpayments}, {@code *}), no host, or an encoding
     * that does not decode.
     */
    static String httpsLocation(URI uri, int httpsPort) {
        String path = uri.getRawPath();
        if (uri.getHost() == null || path == null || !path.startsWith("/")) {
            return null;
        }
        try {
            return UriComponentsBuilder.newInstance().scheme("https").host(uri.getHost()).port(httpsPort == 443 ? -1 : httpsPort)
                    .path(path).query(uri.getRawQuery()).build(true).toUriString();
        } catch (IllegalArgumentException e) {
            return null;
        }
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
