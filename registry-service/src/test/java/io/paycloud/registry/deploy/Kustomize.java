package io.paycloud.registry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.paycloud.common.testsupport.TestTimes;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization the way {@code kubectl apply -k} would: with a real kustomize
 * ({@code kustomize build} or {@code kubectl kustomize}) when the machine has one, else with the
 * small subset of kustomize that PayCloud's k8s/ uses (resources, namespace, replicas, images,
 * strategic-merge patches by path, literal and file generators without name hashes).
 */
final class Kustomize {

    // a key written twice is an error here, as in kubectl and docker compose, not "last one wins"
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Kustomize() {
    }

    /** Every YAML document of a file (or of a multi-document string), empty ones left out. */
    static List<Map<String, Object>> readAll(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                Object doc = it.nextValue();
                if (doc instanceof Map<?, ?> map) {
                    docs.add(cast(map));
                }
            }
        }
        return docs;
    }

    static List<Map<String, Object>> readAll(Path file) {
        return readAll(read(file));
    }

    static Map<String, Object> readOne(Path file) {
        List<Map<String, Object>> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected one");
        }
        return docs.get(0);
    }

    /** The command line of a kustomize on this machine, if there is one. */
    static Optional<List<String>> realKustomize() {
        if (runs(List.of("kustomize", "version"))) {
            return Optional.of(List.of("kustomize", "build"));
        }
        if (runs(List.of("kubectl", "kustomize", "--help"))) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return Optional.empty();
    }

    static List<Map<String, Object>> renderWithRealKustomize(List<String> command, Path dir) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Result result = run(cmd);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + result.output());
        }
        return readAll(result.output());
    }

    /** The fallback: PayCloud's subset of kustomize, in kustomize's order of operations. */
    static List<Map<String, Object>> renderWithSubset(Path dir) {
        Map<String, Object> k = readOne(dir.resolve("kustomization.yaml"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String r : strings(k.get("resources"))) {
            Path p = dir.resolve(r).normalize();
            out.addAll(Files.isDirectory(p) ? renderWithSubset(p) : readAll(p));
        }
        Map<String, Object> options = map(k.get("generatorOptions"));
        boolean generators = k.containsKey("configMapGenerator") || k.containsKey("secretGenerator");
        if (generators && !Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            throw new IllegalStateException(dir + ": the fallback renderer only knows generators without name hashes");
        }
        for (Object g : list(k.get("configMapGenerator"))) {
            Map<String, Object> gen = map(g);
            Map<String, Object> data = new LinkedHashMap<>();
            for (String f : strings(gen.get("files"))) {
                Path file = dir.resolve(f);
                data.put(file.getFileName().toString(), read(file));
            }
            literals(gen, data, false);
            out.add(generated("ConfigMap", (String) gen.get("name"), data));
        }
        for (Object g : list(k.get("secretGenerator"))) {
            Map<String, Object> gen = map(g);
            Map<String, Object> data = new LinkedHashMap<>();
            literals(gen, data, true);
            Map<String, Object> secret = generated("Secret", (String) gen.get("name"), data);
            secret.put("type", "Opaque");
            out.add(secret);
        }
        for (Object p : list(k.get("patches"))) {
            Map<String, Object> patch = map(p);
            if (patch.get("path") == null || patch.get("target") != null) {
                throw new IllegalStateException(dir + ": the fallback renderer only knows patches by path");
            }
            for (Map<String, Object> doc : readAll(dir.resolve((String) patch.get("path")))) {
                Map<String, Object> target = find(out, (String) doc.get("kind"), name(doc));
                merge(target, doc);
            }
        }
        for (Object r : list(k.get("replicas"))) {
            Map<String, Object> rep = map(r);
            // kustomize's replicas field sets Deployments' and StatefulSets' counts alike
            Map<String, Object> workload = out.stream().filter(res -> List.of("Deployment", "StatefulSet").contains(res.get("kind"))
                    && rep.get("name").equals(name(res))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Deployment or StatefulSet " + rep.get("name")));
            map(workload.get("spec")).put("replicas", rep.get("count"));
        }
        for (Object i : list(k.get("images"))) {
            Map<String, Object> img = map(i);
            for (Map<String, Object> res : out) {
                for (Map<String, Object> c : containers(res)) {
                    String image = (String) c.get("image");
                    String bare = image.replaceFirst(":[^:/]+$", "");
                    String tag = image.equals(bare) ? null : image.substring(bare.length() + 1);
                    if (bare.equals(img.get("name"))) {
                        String newName = (String) img.getOrDefault("newName", bare);
                        String newTag = (String) img.getOrDefault("newTag", tag);
                        c.put("image", newTag == null ? newName : newName + ":" + newTag);
                    }
                }
            }
        }
        Object namespace = k.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> res : out) {
                if (!"Namespace".equals(res.get("kind"))) {
                    map(res.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return out;
    }

    /** Strategic merge as the patches here need it: maps merge, lists of named items merge by name. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object mine = target.get(e.getKey());
            Object theirs = e.getValue();
            if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
                merge((Map<String, Object>) m, (Map<String, Object>) t);
            } else if (mine instanceof List<?> m && theirs instanceof List<?> t && named(m) && named(t)) {
                // as kustomize orders them: the patch's items first, in its order (each merged into the
                // target's item of that name), then the target's items the patch does not name
                List<Object> merged = new ArrayList<>();
                for (Object item : t) {
                    Map<String, Object> patchItem = (Map<String, Object>) item;
                    Optional<Map<String, Object>> same = m.stream().map(x -> (Map<String, Object>) x)
                            .filter(x -> Objects.equals(x.get("name"), patchItem.get("name"))).findFirst();
                    if (same.isPresent()) {
                        merge(same.get(), patchItem);
                        merged.add(same.get());
                    } else {
                        merged.add(patchItem);
                    }
                }
                for (Object item : m) {
                    if (!merged.contains(item)) {
                        merged.add(item);
                    }
                }
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), theirs);
            }
        }
    }

    static List<Map<String, Object>> containers(Map<String, Object> resource) {
        Map<String, Object> podSpec = map(map(map(resource.get("spec")).get("template")).get("spec"));
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object c : list(podSpec.get("containers"))) {
            result.add(map(c));
        }
        return result;
    }

    static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(name(r))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " " + name));
    }

    static String name(Map<String, Object> resource) {
        return (String) map(resource.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? new ArrayList<>() : (List<Object>) o;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exit, String output) {
    }

    /**
     * Runs a command with a time limit; its stdout and stderr together. {@code env} adds to the
     * inherited environment; a variable mapped to {@code null} is removed from it.
     */
    static Result run(List<String> command, Map<String, String> env, Path workDir) {
        Path output = null;
        try {
            output = Files.createTempFile("paycloud-cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            env.forEach((name, value) -> {
                if (value == null) {
                    pb.environment().remove(name);
                } else {
                    pb.environment().put(name, value);
                }
            });
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process process = pb.start();
            process.getOutputStream().close();
            // a guard against a hung tool, not a speed check: promtool's rule tests (26 h of one-minute steps for
            // the backup alerts) take 50 to 66 s on a busy 2-core machine
            if (!process.waitFor(TestTimes.scaledMillis(240_000), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    static Result run(List<String> command) {
        return run(command, Map.of(), null);
    }

    private static boolean runs(List<String> command) {
        return run(command).exit() == 0;
    }

    private static boolean named(List<?> items) {
        return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    private static void literals(Map<String, Object> gen, Map<String, Object> data, boolean base64) {
        for (String literal : strings(gen.get("literals"))) {
            int eq = literal.indexOf('=');
            String value = literal.substring(eq + 1);
            data.put(literal.substring(0, eq), base64 ? encodeBase64(value) : value);
        }
    }

    /**
     * Base64 as kustomize writes Secret data: values of 70 or more encoded characters are wrapped
     * into lines of 70, each ending in a newline (the API server's decoder skips them). Read such
     * values back with {@link Base64#getMimeDecoder()}.
     */
    static String encodeBase64(String value) {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        if (encoded.length() < 70) {
            return encoded;
        }
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 70) {
            wrapped.append(encoded, i, Math.min(i + 70, encoded.length())).append('\n');
        }
        return wrapped.toString();
    }

    private static Map<String, Object> generated(String kind, String name, Map<String, Object> data) {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("apiVersion", "v1");
        res.put("kind", kind);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        res.put("metadata", metadata);
        res.put("data", data);
        return res;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
