package io.paycloud.common.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Development certificates for tests, made by {@code bin/dev-certs} as {@code bin/platform} makes them:
 * a CA and one certificate per name in a directory of the module's {@code target}.
 */
public final class DevCertificates {

    /** The repository's root (tests run in their module's directory). */
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private DevCertificates() {
    }

    /**
     * {@code bin/dev-certs <dir> [names...]} with {@code label} in the CA's name; every service's
     * certificate when no name is given. Certificates already there and good for 30 days are kept.
     */
    public static Path make(Path dir, String label, String... names) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/dev-certs").toString(), dir.toString()));
        command.addAll(List.of(names));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PAYCLOUD_CA_LABEL", label);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bin/dev-certs " + dir + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("bin/dev-certs could not run (bash and openssl are needed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return dir;
    }
}
