package io.paycloud.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class data sharing archives {@code bin/platform} makes (its {@code train_one}), made and used the
 * same way by the tests that start packaged services: each jar extracted into
 * {@code <module>/target/cds/}, a training run there dumps the classes it loaded into
 * {@code application.jsa}, and a start maps them instead of loading and verifying them again. The
 * archive carries the same stamp as {@code bin/platform}'s (the JVM's version and the options), so an
 * archive either of them makes serves both. Without a usable archive a module starts from its jar.
 */
final class ClassDataArchives {

    /** bin/platform's default {@code JAVA_OPTS}: the archive holds only for the options it was made with. */
    static final List<String> JAVA_OPTS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");

    private static final Logger log = LoggerFactory.getLogger(ClassDataArchives.class);
    private static final Map<String, Boolean> usable = new ConcurrentHashMap<>();
    private static volatile String stamp;

    private ClassDataArchives() {
    }

    /** The arguments that start {@code module}: its archive and extracted jar where there is one, else its jar. */
    static List<String> launch(Path root, String module) {
        Path dir = dir(root, module);
        if (Boolean.TRUE.equals(usable.get(module)) || fresh(root, module)) {
            return List.of("-XX:SharedArchiveFile=" + dir.resolve("application.jsa"), "-jar",
                    dir.resolve(module + ".jar").toString());
        }
        return List.of("-jar", jar(root, module).toString());
    }

    /** Makes, all at once, the archives of the modules whose archive is missing or older than its jar. */
    static synchronized void ensure(Path root, List<String> modules) {
        List<String> todo = modules.stream().filter(m -> !usable.containsKey(m) && !fresh(root, m)).toList();
        if (todo.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Map<String, Process> training = new ConcurrentHashMap<>();
        for (String m : todo) {
            try {
                training.put(m, train(root, m));
            } catch (IOException e) {
                log.warn("[cds] {}: no training run ({}); it starts from its jar", m, e.toString());
                usable.put(m, false);
            }
        }
        training.forEach((m, p) -> {
            boolean made = false;
            try {
                made = p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0
                        && Files.size(dir(root, m).resolve("application.jsa")) > 0;
                if (made) {
                    Files.writeString(dir(root, m).resolve("stamp"), stamp(), StandardCharsets.UTF_8);
                }
            } catch (IOException | InterruptedException e) {
                made = false;
            } finally {
                p.destroyForcibly();
            }
            usable.put(m, made);
            if (!made) {
                log.warn("[cds] {}: no archive (see {}); it starts from its jar", m, log(root, m));
            }
        });
        log.info("[cds] archives for {} made in {} ms", todo, (System.nanoTime() - t0) / 1_000_000);
    }

    private static Process train(Path root, String module) throws IOException {
        Path dir = dir(root, module);
        LocalPlatform.deleteTree(dir);
        Files.createDirectories(dir);
        Path home = Files.createTempDirectory("cds-" + module);
        Path log = log(root, module);
        String java = java();
        Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar(root, module).toString(), "extract",
                "--destination", dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                throw new IOException("extracting " + module + ".jar failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JAVA_OPTS);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + dir.resolve("application.jsa"),
                "-Dspring.context.exit=onRefresh", "-Dpaycloud.instance=cds-" + module,
                "-jar", dir.resolve(module + ".jar").toString(), "--spring.profiles.active=embedded",
                "--server.port=0", "--management.server.port=0",
                "--eureka.client.register-with-eureka=false", "--eureka.client.fetch-registry=false"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // as bin/platform's: a throwaway home, no registry, no Redis
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("HOME", home.toString());
        env.put("PAYCLOUD_HOME", home.toString());
        env.put("PAYCLOUD_EMBEDDED_REDIS_PORT", "1");
        return pb.start();
    }

    /** An archive made from this very jar by this JVM with these options. */
    private static boolean fresh(Path root, String module) {
        Path dir = dir(root, module);
        Path archive = dir.resolve("application.jsa");
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar(root, module))) > 0
                    && Files.isRegularFile(dir.resolve("stamp"))
                    && Files.readString(dir.resolve("stamp"), StandardCharsets.UTF_8).equals(stamp());
        } catch (IOException e) {
            return false;
        }
    }

    /** bin/platform's {@code cds_stamp}: {@code java -version}'s output, then the options, each ending a line. */
    private static String stamp() {
        String s = stamp;
        if (s == null) {
            s = readStamp();
            stamp = s;
        }
        return s;
    }

    private static String readStamp() {
        try {
            Process p = new ProcessBuilder(java(), "-version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
            p.waitFor(1, TimeUnit.MINUTES);
            return version + "\n" + String.join(" ", JAVA_OPTS) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path dir(Path root, String module) {
        return root.resolve(module).resolve("target").resolve("cds");
    }

    private static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    private static Path log(Path root, String module) {
        return root.resolve(module).resolve("target").resolve("cds-training.log");
    }
}
