package io.paycloud.common.embedded;

import java.util.concurrent.CountDownLatch;

import redis.embedded.RedisServer;

/**
 * Runs the Redis of the embedded profile as a process of its own ({@code bin/platform up}), bound
 * to loopback on its own port so it never meets a Redis already on the machine.
 */
public final class EmbeddedRedisMain {

    private EmbeddedRedisMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6390;
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .setting("bind 127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                // the process is ending; nothing more to do
            }
            stopped.countDown();
        }));
        System.out.println("embedded Redis listening on 127.0.0.1:" + port);
        stopped.await();
    }
}
