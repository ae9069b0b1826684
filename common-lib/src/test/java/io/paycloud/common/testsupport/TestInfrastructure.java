package io.paycloud.common.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

import redis.embedded.RedisServer;

/**
 * Picks the database and Redis that tests run against, in the order DESIGN.md (Tests) fixes:
 * <ol>
 *   <li>servers named by environment variables ({@code PAYCLOUD_TEST_DB_URL}, {@code PAYCLOUD_TEST_DB_USER},
 *       {@code PAYCLOUD_TEST_DB_PASSWORD}, {@code PAYCLOUD_TEST_REDIS_URL}); when set and unreachable the
 *       tests fail, they never fall back;</li>
 *   <li>Testcontainers ({@code mysql:8.4}) where a Docker engine answers;</li>
 *   <li>H2 in MySQL mode and an embedded Redis.</li>
 * </ol>
 * With {@code PAYCLOUD_TEST_DATASTORE_CA} (a PEM file, as {@code bin/datastores-tls} prints it) the
 * connections to the named servers are TLS, the server's certificate and name verified against that CA:
 * the database URL must then be {@code jdbc:mariadb:}, and a {@code rediss://} Redis URL is TLS.
 * Each choice is logged once per JVM, so a CI log says what the tests ran on.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static final Map<String, Database> DATABASES = new ConcurrentHashMap<>();
    private static volatile RedisEndpoint redis;
    private static volatile MySQLContainer mysqlContainer;
    private static volatile Boolean dockerAvailable;

    private TestInfrastructure() {
    }

    /** A JDBC database. {@code kind} is what the tests run on, for logs and assertions. */
    public record Database(String url, String username, String password, String kind) {

        public boolean isMySqlFamily() {
            return !kind.startsWith("H2");
        }
    }

    /**
     * A Redis server; {@code ca} is the PEM file its TLS certificate is verified against, or null for
     * plain TCP.
     */
    public record RedisEndpoint(String host, int port, String kind, Path ca) {

        public RedisEndpoint(String host, int port, String kind) {
            this(host, port, kind, null);
        }

        public boolean tls() {
            return ca != null;
        }

        /** The {@code spring.data.redis.*} properties (and the bundle TLS needs) that connect to it. */
        public Map<String, String> properties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("spring.data.redis.host", host);
            p.put("spring.data.redis.port", String.valueOf(port));
            p.put("spring.data.redis.ssl.enabled", String.valueOf(tls()));
            if (tls()) {
                p.put("spring.ssl.bundle.pem.datastores.truststore.certificate", "file:" + ca);
                p.put("spring.data.redis.ssl.bundle", "datastores");
            }
            return p;
        }

        /** The same as command-line arguments of a Spring application. */
        public List<String> arguments() {
            return properties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
        }

        /**
         * The environment of a service process on the mysql profile (common-lib's paycloud-tls.yml):
         * {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_TLS} and, with TLS, {@code PAYCLOUD_DATASTORE_CA}.
         */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("REDIS_HOST", host);
            env.put("REDIS_PORT", String.valueOf(port));
            env.put("REDIS_TLS", String.valueOf(tls()));
            datastoreCa().ifPresent(c -> env.put("PAYCLOUD_DATASTORE_CA", c.toString()));
            return env;
        }
    }

    /** The CA of the test servers' TLS certificates ({@code PAYCLOUD_TEST_DATASTORE_CA}), if they speak TLS. */
    public static Optional<Path> datastoreCa() {
        String ca = System.getenv("PAYCLOUD_TEST_DATASTORE_CA");
        if (ca == null || ca.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(ca).toAbsolutePath();
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("PAYCLOUD_TEST_DATASTORE_CA names " + path + ", which cannot be read");
        }
        return Optional.of(path);
    }

    /** Sets {@code spring.datasource.*} and {@code spring.data.redis.*} for a Spring test context. */
    public static void register(DynamicPropertyRegistry registry, String databaseName) {
        Database db = database(databaseName);
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registerRedis(registry);
    }

    /** Sets {@code spring.data.redis.*} (and, for TLS, the bundle it uses) for a Spring test context. */
    public static void registerRedis(DynamicPropertyRegistry registry) {
        redis().properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * A fresh, empty database named {@code pc_test_<name>} (created once per JVM, dropped first if it
     * is left over from an earlier run), so Flyway migrates it from nothing.
     */
    public static Database database(String name) {
        return DATABASES.computeIfAbsent(name, TestInfrastructure::createDatabase);
    }

    public static RedisEndpoint redis() {
        RedisEndpoint r = redis;
        if (r == null) {
            synchronized (TestInfrastructure.class) {
                if (redis == null) {
                    redis = createRedis();
                }
                r = redis;
            }
        }
        return r;
    }

    private static Database createDatabase(String name) {
        String schema = "pc_test_" + name.replaceAll("[^A-Za-z0-9_]", "_");
        String url = System.getenv("PAYCLOUD_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            String user = env("PAYCLOUD_TEST_DB_USER", "root");
            String password = env("PAYCLOUD_TEST_DB_PASSWORD", "");
            Database db = recreate(stripSlash(url), user, password, schema, "PAYCLOUD_TEST_DB_URL");
            return db;
        }
        if (docker()) {
            MySQLContainer container = mysql();
            String base = "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306);
            return recreate(base, "root", container.getPassword(), schema, "Testcontainers");
        }
        String h2 = "jdbc:h2:mem:" + schema + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        log.info("[test-infra] database '{}': H2 (MySQL mode) in memory, no server named by PAYCLOUD_TEST_DB_URL", schema);
        return new Database(h2, "sa", "", "H2");
    }

    private static Database recreate(String base, String user, String password, String schema, String source) {
        String params = "?" + jdbcTls(base) + "&allowPublicKeyRetrieval=true&serverTimezone=UTC&rewriteBatchedStatements=true";
        try (Connection c = DriverManager.getConnection(base + "/" + params, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            s.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            String kind = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            log.info("[test-infra] database '{}': {} at {} (from {})", schema, kind, base, source);
            return new Database(base + "/" + schema + params, user, password, kind);
        } catch (SQLException e) {
            throw new IllegalStateException("The test database named by " + source + " (" + base
                    + ") does not answer: " + e.getMessage(), e);
        }
    }

    /** The TLS part of a test database URL: verified TLS with PAYCLOUD_TEST_DATASTORE_CA, else none. */
    private static String jdbcTls(String base) {
        Optional<Path> ca = datastoreCa();
        if (ca.isEmpty()) {
            return "useSSL=false";
        }
        if (!base.startsWith("jdbc:mariadb:")) {
            throw new IllegalStateException("PAYCLOUD_TEST_DATASTORE_CA needs a jdbc:mariadb: PAYCLOUD_TEST_DB_URL, whose "
                    + "driver verifies the server against a PEM file; it is " + base);
        }
        return "sslMode=verify-full&serverSslCert=" + ca.get();
    }

    private static RedisEndpoint createRedis() {
        String url = System.getenv("PAYCLOUD_TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            Path ca = null;
            if ("rediss".equals(uri.getScheme())) {
                ca = datastoreCa().orElseThrow(() -> new IllegalStateException(
                        "PAYCLOUD_TEST_REDIS_URL is rediss:// but PAYCLOUD_TEST_DATASTORE_CA names no CA to verify it with"));
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 6379;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
            } catch (IOException e) {
                throw new IllegalStateException("The test Redis named by PAYCLOUD_TEST_REDIS_URL (" + url
                        + ") does not answer: " + e.getMessage(), e);
            }
            log.info("[test-infra] redis: {}:{}{} (from PAYCLOUD_TEST_REDIS_URL)", uri.getHost(), port,
                    ca == null ? "" : " over TLS");
            return new RedisEndpoint(uri.getHost(), port, "server", ca);
        }
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    // the JVM is ending
                }
            }));
            log.info("[test-infra] redis: embedded redis-server on 127.0.0.1:{}", port);
            return new RedisEndpoint("127.0.0.1", port, "embedded");
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded Redis", e);
        }
    }

    /** Starts an embedded Redis of its own on a free port, for tests that stop and start Redis. */
    public static RedisServer startPrivateRedis(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return server;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean docker() {
        if (dockerAvailable == null) {
            if ("false".equalsIgnoreCase(System.getenv("PAYCLOUD_TEST_DOCKER"))) {
                dockerAvailable = false;
            } else {
                boolean available;
                try {
                    available = DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException | LinkageError e) {
                    available = false;
                }
                dockerAvailable = available;
                if (!available) {
                    log.info("[test-infra] no Docker engine answers: Testcontainers skipped");
                }
            }
        }
        return dockerAvailable;
    }

    private static synchronized MySQLContainer mysql() {
        if (mysqlContainer == null) {
            MySQLContainer container = new MySQLContainer("mysql:8.4");
            container.start();
            mysqlContainer = container;
        }
        return mysqlContainer;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static String stripSlash(String url) {
        String u = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
