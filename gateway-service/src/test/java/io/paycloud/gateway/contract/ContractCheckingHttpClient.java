package io.paycloud.gateway.contract;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that holds every answer it receives to the {@link ApiContract} before its caller
 * (the generated client) sees it: the body is read whole, checked, and handed on to the caller's own body
 * handler.
 */
public final class ContractCheckingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final ApiContract contract;

    public ContractCheckingHttpClient(HttpClient delegate, ApiContract contract) {
        this.delegate = delegate;
        this.contract = contract;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> raw = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        contract.check(request.method(), request.uri(), raw.statusCode(), raw.headers().firstValue("Content-Type"),
                new String(raw.body(), StandardCharsets.UTF_8));
        return new Replayed<>(raw, replay(raw, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    /** Feeds the bytes already read to the caller's body handler, as the wire would have. */
    private static <T> T replay(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public HttpClient.Version version() {
                return raw.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
        subscriber.onComplete();
        try {
            return subscriber.getBody().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private record Replayed<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public HttpClient.Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
