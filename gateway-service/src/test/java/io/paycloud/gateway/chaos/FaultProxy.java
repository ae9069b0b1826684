package io.paycloud.gateway.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TCP proxy in front of a service's port that can misbehave on demand, as a network or an overloaded
 * host would. One connection is served by two threads (one per direction).
 * <ul>
 *   <li>{@link Mode#PASS}: bytes go through untouched;</li>
 *   <li>{@link Mode#SLOW}: every answer is held back by a delay (longer than the caller's read timeout,
 *       so the caller gives up while the service has already acted);</li>
 *   <li>{@link Mode#LOSSY}: the request reaches the service, and a share of the answers is thrown away
 *       and the connection reset: the caller cannot know whether the call acted;</li>
 *   <li>{@link Mode#DOWN}: nothing listens, so connections are refused, as when the service is down.</li>
 * </ul>
 * The platform's hops are mutual TLS, whose handshake a byte-level proxy would take for an answer: with
 * the platform's certificates the proxy ends TLS on both sides (a server with the proxied service's
 * certificate, requiring a caller's; a client with a certificate of its own), so its faults fall on the
 * HTTP answers, as they would on a network that loses the answer to a request that did reach the service.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, SLOW, LOSSY, DOWN }

    private final int listenPort;
    private final int targetPort;
    private final Random random;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong lostAnswers = new AtomicLong();
    private final AtomicLong delayedAnswers = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis = 2_500;
    private volatile double lossRate = 0.5;
    private volatile ServerSocket server;
    private volatile boolean closed;

    private final SSLContext asServer;
    private final SSLContext asClient;

    /** {@code asServer} and {@code asClient} null: a plain TCP proxy. */
    FaultProxy(int listenPort, int targetPort, long seed, SSLContext asServer, SSLContext asClient) throws IOException {
        this.listenPort = listenPort;
        this.targetPort = targetPort;
        this.random = new Random(seed);
        this.asServer = asServer;
        this.asClient = asClient;
        listen();
    }

    int port() {
        return listenPort;
    }

    Mode mode() {
        return mode;
    }

    long lostAnswers() {
        return lostAnswers.get();
    }

    long delayedAnswers() {
        return delayedAnswers.get();
    }

    synchronized void pass() throws IOException {
        mode = Mode.PASS;
        listen();
    }

    synchronized void slow(long millis) throws IOException {
        delayMillis = millis;
        mode = Mode.SLOW;
        listen();
    }

    synchronized void lossy(double rate) throws IOException {
        lossRate = rate;
        mode = Mode.LOSSY;
        listen();
    }

    /** Stops listening and cuts every open connection. */
    synchronized void down() {
        mode = Mode.DOWN;
        closeQuietly(server);
        server = null;
        open.forEach(FaultProxy::closeQuietly);
    }

    private void listen() throws IOException {
        if (server != null || closed) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 200);
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "fault-proxy-accept-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed by down() or close()
            }
        }
    }

    private void serve(Socket rawClient) {
        Socket rawUpstream = new Socket();
        open.add(rawClient);
        open.add(rawUpstream);
        Socket client = rawClient;
        Socket upstream = rawUpstream;
        try {
            rawUpstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1_000);
            rawClient.setTcpNoDelay(true);
            rawUpstream.setTcpNoDelay(true);
            if (asServer != null) {
                SSLSocket fromCaller = (SSLSocket) asServer.getSocketFactory().createSocket(rawClient, "localhost", rawClient.getPort(), true);
                fromCaller.setUseClientMode(false);
                fromCaller.setNeedClientAuth(true);
                fromCaller.startHandshake();
                client = fromCaller;
                SSLSocket toService = (SSLSocket) asClient.getSocketFactory().createSocket(rawUpstream, "localhost", targetPort, true);
                SSLParameters parameters = toService.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                toService.setSSLParameters(parameters);
                toService.startHandshake();
                upstream = toService;
            }
            Socket caller = client;
            Socket service = upstream;
            Thread requests = new Thread(() -> pump(caller, service, false), "fault-proxy-up");
            requests.setDaemon(true);
            requests.start();
            pump(service, caller, true);
        } catch (IOException e) {
            reset(rawClient); // the service behind is not there: the caller sees the connection cut
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            closeQuietly(rawClient);
            closeQuietly(rawUpstream);
            open.remove(rawClient);
            open.remove(rawUpstream);
        }
    }

    /** Copies one direction; answers (service to caller) are where faults are applied. */
    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        boolean firstChunk = true;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (answers && firstChunk) {
                    Mode m = mode;
                    if (m == Mode.SLOW) {
                        delayedAnswers.incrementAndGet();
                        Thread.sleep(delayMillis);
                    } else if (m == Mode.LOSSY && chance(lossRate)) {
                        lostAnswers.incrementAndGet();
                        reset(to);
                        return;
                    }
                }
                // one connection carries many requests (keep-alive): judge each answer's first chunk
                firstChunk = n < buffer.length;
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private synchronized boolean chance(double rate) {
        return random.nextDouble() < rate;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        down();
    }
}
