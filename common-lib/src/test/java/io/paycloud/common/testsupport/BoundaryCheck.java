package io.paycloud.common.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paycloud.common.identity.DevelopmentIdentityKeys;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformServices;

/**
 * The generated boundary test of one servlet service, run against it on real ports: every request
 * mapping × {@link Boundary#spellings} × credentials. Each endpoint's allowed callers come from the
 * service's table ({@code merchant}, {@code operator:<role>} for an operator holding that role alone,
 * {@code operator} for one holding none, {@code service:<name>}); a mapping missing from the
 * table is itself a violation, so a new endpoint cannot go unexamined.
 *
 * <ul>
 * <li>no credential, garbage, a token for another service, an expired or over-long token, a token
 * signed with one service's key claiming to be another, the monitoring login: never a 2xx, never a 5xx,
 * on any spelling;</li>
 * <li>a valid caller the table does not allow: 401 or 403 on the canonical path (the handler never
 * runs), never a 2xx or 5xx on any spelling;</li>
 * <li>an allowed caller on the canonical path: neither 401 nor 403 nor 5xx (so the check can fail);</li>
 * <li>actuator, found from the management port's own links: nothing but health (status only) without
 * the monitoring login, on any spelling; nothing at all on the main port.</li>
 * </ul>
 */
public final class BoundaryCheck {

    /** A table entry for an endpoint anyone may call (the API document): only "never a 5xx" is checked. */
    public static final Set<String> PUBLIC = Set.of("*");
    /** A table entry for an endpoint nobody may call. */
    public static final Set<String> NOBODY = Set.of();
    /** The caller name of an operator holding no role at all. */
    public static final String OPERATOR = "operator";

    /** A table entry for operators holding any of {@code roles}. */
    public static Set<String> operators(OperatorRole... roles) {
        Set<String> names = new TreeSet<>();
        for (OperatorRole role : roles) {
            names.add(OPERATOR + ":" + role.wire());
        }
        return Set.copyOf(names);
    }

    /** A table entry for any operator, whatever their roles. */
    public static Set<String> anyOperator() {
        Set<String> names = new TreeSet<>(operators(OperatorRole.values()));
        names.add(OPERATOR);
        return Set.copyOf(names);
    }

    private static final String MERCHANT = "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV";
    private static final Pattern HREF = Pattern.compile("\"href\"\\s*:\\s*\"https?://[^/\"]+(/[^\"]*)\"");

    private final String service;
    private final int port;
    private final int managementPort;
    private final Map<String, Set<String>> table;
    private final List<String> violations = new ArrayList<>();
    private int requests;

    /**
     * @param table allowed callers by {@code "METHOD /pattern"}
     */
    public BoundaryCheck(String service, int port, int managementPort, Map<String, Set<String>> table) {
        this.service = service;
        this.port = port;
        this.managementPort = managementPort;
        this.table = table;
    }

    /**
     * The whole check for a service started on real ports: every request mapping of {@code context}
     * (plus {@code more}, for paths served by resource handlers) against {@code table}; fails with the
     * list of violations.
     */
    public static void assertHolds(String service, org.springframework.context.ApplicationContext context, int port,
            int managementPort, Map<String, Set<String>> table, Boundary.Endpoint... more) {
        List<Boundary.Endpoint> endpoints = new ArrayList<>(Boundary.endpoints(context));
        endpoints.addAll(List.of(more));
        if (endpoints.size() < table.size() - 1) {
            throw new AssertionError("only " + endpoints.size() + " endpoints found for a table of " + table.size());
        }
        BoundaryCheck check = new BoundaryCheck(service, port, managementPort, table);
        List<String> violations = check.run(endpoints);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " requests got past the boundary or broke it:\n  "
                    + String.join("\n  ", violations.subList(0, Math.min(violations.size(), 60))));
        }
        if (check.requests() < 3_000) {
            throw new AssertionError("only " + check.requests() + " requests were sent");
        }
    }

    /** Valid credentials for this service, by caller name. */
    Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("merchant", TestIdentities.merchant(MERCHANT, service));
        // an operator per role, each holding that role alone, and one holding none
        callers.put(OPERATOR, TestIdentities.operator("nobody", service));
        for (OperatorRole role : OperatorRole.values()) {
            callers.put(OPERATOR + ":" + role.wire(), TestIdentities.operator("op-" + role.wire(), service, role));
        }
        for (String s : new TreeSet<>(PlatformServices.ALL)) {
            callers.put("service:" + s, TestIdentities.service(s, service));
        }
        return callers;
    }

    /** Credentials that must open nothing here. */
    Map<String, String> hostile() {
        String other = service.equals(PlatformServices.ACCOUNT) ? PlatformServices.RISK : PlatformServices.ACCOUNT;
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("none", null);
        hostile.put("garbage", "Bearer garbage");
        hostile.put("secret key", "Bearer sk_test_0123456789abcdef");
        hostile.put("merchant for " + other, TestIdentities.merchant(MERCHANT, other));
        hostile.put("ops for " + other, TestIdentities.ops(other));
        hostile.put("payment-service for " + other, TestIdentities.service(PlatformServices.PAYMENT, other));
        hostile.put("expired", TestIdentities.signed(PlatformServices.GATEWAY, service, c -> c
                .issueTime(java.util.Date.from(Instant.now().minusSeconds(300)))
                .expirationTime(java.util.Date.from(Instant.now().minusSeconds(240)))));
        hostile.put("over-long", TestIdentities.signed(PlatformServices.GATEWAY, service, c -> c
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))));
        hostile.put("30-year", TestIdentities.signed(PlatformServices.GATEWAY, service, c -> c
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(30L * 365 * 86400)))));
        hostile.put("payment key posing as gateway", TestIdentities.signed(PlatformServices.PAYMENT, service,
                c -> c.issuer(PlatformServices.GATEWAY)));
        hostile.put("merchant role from payment", TestIdentities.signed(PlatformServices.PAYMENT, service, c -> { }));
        hostile.put("monitoring login", basic(DevelopmentIdentityKeys.MONITORING_USER, DevelopmentIdentityKeys.MONITORING_PASSWORD));
        return hostile;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs every probe; returns what went wrong (empty when the boundary holds). */
    public List<String> run(List<Boundary.Endpoint> endpoints) {
        Map<String, String> callers = callers();
        Map<String, String> hostile = hostile();
        for (Boundary.Endpoint endpoint : endpoints) {
            Set<String> allowed = table.get(endpoint.toString());
            if (allowed == null) {
                violations.add(endpoint + ": not in the service's access table");
                continue;
            }
            if (allowed == PUBLIC) {
                for (String spelling : Boundary.spellings(endpoint.path())) {
                    hostile.forEach((name, credential) -> {
                        Boundary.Response r = send(port, endpoint.method(), spelling, credential);
                        if (r.is5xx()) {
                            violations.add(endpoint.method() + " " + spelling + " as " + name + ": " + r.status());
                        }
                    });
                }
                continue;
            }
            Map<String, String> refused = new LinkedHashMap<>(hostile);
            callers.forEach((name, credential) -> {
                if (!allowed.contains(name)) {
                    refused.put(name, credential);
                }
            });
            for (String spelling : Boundary.spellings(endpoint.path())) {
                refused.forEach((name, credential) -> expectRefused(port, endpoint.method(), spelling, name, credential));
            }
            callers.forEach((name, credential) -> {
                Boundary.Response r = send(port, endpoint.method(), endpoint.path(), credential);
                if (allowed.contains(name)) {
                    if (r.status() == 401 || r.status() == 403 || r.is5xx()) {
                        violations.add(endpoint + " as " + name + " (allowed): " + r.status());
                    }
                } else if (r.status() != 401 && r.status() != 403) {
                    violations.add(endpoint + " as " + name + " (not allowed): " + r.status() + " instead of 401/403");
                }
            });
        }
        actuator();
        return violations;
    }

    private void actuator() {
        String monitoring = basic(DevelopmentIdentityKeys.MONITORING_USER, DevelopmentIdentityKeys.MONITORING_PASSWORD);
        Boundary.Response links = send(managementPort, "GET", "/actuator", monitoring);
        Set<String> paths = new TreeSet<>();
        Matcher m = HREF.matcher(links.body());
        while (m.find()) {
            paths.add(m.group(1).replaceAll("\\{[^}]+}", "x"));
        }
        if (!links.is2xx() || paths.size() < 3) {
            violations.add("the monitoring login could not list actuator endpoints on the management port: " + links.status());
            return;
        }
        Map<String, String> refused = new LinkedHashMap<>(hostile());
        refused.remove("monitoring login");
        refused.put("merchant", TestIdentities.merchant(MERCHANT, service));
        refused.put("ops", TestIdentities.ops(service));
        refused.put("wrong monitoring password", basic(DevelopmentIdentityKeys.MONITORING_USER, "wrong"));
        for (String path : paths) {
            boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
            for (String spelling : Boundary.spellings(path)) {
                refused.forEach((name, credential) -> {
                    Boundary.Response r = send(managementPort, "GET", spelling, credential);
                    requests++;
                    // health answers 503 when a dependency is down (an embedded Redis still starting): a
                    // status, not a failure of the boundary, as long as it carries no details either
                    boolean healthDown = health && r.status() == 503;
                    if ((r.is5xx() && !healthDown) || (r.is2xx() && !health)) {
                        violations.add("management GET " + spelling + " as " + name + ": " + r.status());
                    } else if ((r.is2xx() || healthDown)
                            && (r.body().contains("\"components\"") || r.body().contains("\"details\""))) {
                        violations.add("management GET " + spelling + " as " + name + ": health details without the monitoring login");
                    }
                });
                Boundary.Response main = send(port, "GET", spelling, monitoring);
                if (main.is2xx() || main.is5xx()) {
                    violations.add("main port GET " + spelling + " with the monitoring login: " + main.status());
                }
            }
        }
        Boundary.Response prometheus = send(managementPort, "GET", "/actuator/prometheus", monitoring);
        if (!prometheus.is2xx()) {
            violations.add("the monitoring login cannot scrape /actuator/prometheus: " + prometheus.status());
        }
    }

    private void expectRefused(int port, String method, String target, String name, String credential) {
        Boundary.Response r = send(port, method, target, credential);
        if (r.is2xx() || r.is5xx()) {
            violations.add(method + " " + target + " as " + name + ": " + r.status() + " " + abbreviate(r.body()));
        } else if ((r.status() == 401 || r.status() == 403) && !r.contentType().startsWith("application/problem+json")) {
            violations.add(method + " " + target + " as " + name + ": " + r.status() + " without problem+json");
        }
    }

    private Boundary.Response send(int port, String method, String target, String credential) {
        requests++;
        return Boundary.send(port, method, target, credential == null ? Map.of() : Map.of("Authorization", credential));
    }

    /** How many requests the last {@link #run} sent. */
    public int requests() {
        return requests;
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
