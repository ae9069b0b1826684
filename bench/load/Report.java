import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers the step files bench/run wrote into one results JSON, a self-contained HTML page (inline SVG,
 * nothing fetched) and the summary table printed at the end of a run, each figure beside its target.
 * <pre>
 *   java Report.java &lt;steps dir&gt; &lt;results .json&gt; &lt;results .html&gt;
 * </pre>
 * A step file {@code X.json} may have a companion {@code X.cpu.json} (from {@code Load.java exec}) holding the
 * CPU of the tool that produced it; it is folded in as {@code cpu}.
 */
public class Report {

    static Path steps;

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--compare")) {
            System.exit(compare(Path.of(args[1]), Path.of(args[2])));
        }
        steps = Path.of(args[0]);
        Map<String, Object> meta = obj(read("meta"));
        Map<String, Object> out = new LinkedHashMap<>(meta);
        List<Map<String, Object>> targets = new ArrayList<>();

        // 1. gateway overhead
        Map<String, Object> gw = new LinkedHashMap<>();
        Map<String, Object> direct = step("gateway-direct");
        Map<String, Object> via = step("gateway-via");
        Map<String, Object> direct1 = step("gateway-direct-c1");
        Map<String, Object> via1 = step("gateway-via-c1");
        if (direct != null && via != null) {
            gw.put("request", meta.get("gatewayRequest"));
            gw.put("tool", meta.get("gatewayTool"));
            gw.put("concurrency", meta.get("gatewayConcurrency"));
            gw.put("direct", direct);
            gw.put("gateway", via);
            Double ratio = div(num(via, "okPerSecond"), num(direct, "okPerSecond"));
            gw.put("ratio", r2(ratio));
            gw.put("addedP50Ms", r3(minus(num(via, "latencyMs.p50"), num(direct, "latencyMs.p50"))));
            gw.put("addedP99Ms", r3(minus(num(via, "latencyMs.p99"), num(direct, "latencyMs.p99"))));
            targets.add(target("Gateway rate / direct rate (" + fmt0(num(meta, "gatewayConcurrency")) + " connections)", ratio,
                    "x", ">=", 0.6, null, errorsIn(direct, via)));
        }
        if (direct1 != null && via1 != null) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("concurrency", 1);
            one.put("direct", direct1);
            one.put("gateway", via1);
            Double added50 = minus(num(via1, "latencyMs.p50"), num(direct1, "latencyMs.p50"));
            Double added99 = minus(num(via1, "latencyMs.p99"), num(direct1, "latencyMs.p99"));
            one.put("addedP50Ms", r3(added50));
            one.put("addedP99Ms", r3(added99));
            gw.put("oneConnection", one);
            targets.add(target("Gateway added latency p50 (1 connection)", added50, "ms", "<=", 1.0, null,
                    errorsIn(direct1, via1)));
            targets.add(target("Gateway added latency p99 (1 connection)", added99, "ms", null, null, null, null));
        }
        out.put("gatewayOverhead", gw);

        // 2. payments
        Map<String, Object> pay = new LinkedHashMap<>();
        List<Object> tries = new ArrayList<>();
        Map<String, Object> best = null;
        for (Object c : list(meta.get("paymentConcurrencies"))) {
            Map<String, Object> t = step("payments-closed-" + fmt0(((Number) c).doubleValue()));
            if (t == null) {
                continue;
            }
            tries.add(t);
            if (best == null || num(t, "confirmedPerSecond") > num(best, "confirmedPerSecond")) {
                best = t;
            }
        }
        Double saturation = best == null ? null : num(best, "confirmedPerSecond");
        if (best != null) {
            Map<String, Object> sat = new LinkedHashMap<>();
            sat.put("confirmedPerSecond", saturation);
            sat.put("concurrency", best.get("concurrency"));
            sat.put("latencyMs", best.get("latencyMs"));
            sat.put("errorRate", best.get("errorRate"));
            sat.put("tries", tries);
            pay.put("saturation", sat);
            targets.add(target("Confirmed payments/s at saturation (best of " + tries.size() + " concurrencies)", saturation,
                    "/s", ">=", 300.0, "aim 500", errorsIn(best)));
        }
        Double review = null;
        for (Object tried : tries) {
            @SuppressWarnings("unchecked")
            Double share = num((Map<String, Object>) tried, "reviewShare");
            if (share != null && (review == null || share > review)) {
                review = share;
            }
        }
        if (review != null) {
            targets.add(target("Payments sent to review, worst of " + tries.size() + " concurrencies", review * 100, "%",
                    "<=", 1.0, "risk-service up", null));
        }
        for (String level : new String[] {"50", "80"}) {
            Map<String, Object> open = step("payments-open-" + level);
            if (open == null) {
                continue;
            }
            pay.put("open" + level, open);
            Double achieved = div(num(open, "confirmedPerSecond"), num(open, "targetRate"));
            open.put("achievedFraction", r2(achieved));
            String bad = errorsIn(open);
            if (bad == null && achieved != null && achieved < 0.95) {
                bad = "only " + Math.round(achieved * 100) + "% of the scheduled payments were confirmed";
            }
            if (level.equals("50")) {
                targets.add(target("Payments p99 at 50% of saturation (" + fmt(num(open, "targetRate")) + "/s)",
                        num(open, "latencyMs.p99"), "ms", "<=", 150.0, null, bad));
            } else {
                targets.add(target("Payments p99 at 80% of saturation (" + fmt(num(open, "targetRate")) + "/s)",
                        num(open, "latencyMs.p99"), "ms", null, null, null, bad));
            }
        }
        Map<String, Object> db = step("payments-db");
        if (db != null && best != null) {
            // counted on the whole server during the saturation tries: other users of the database add to it
            double confirmed = 0;
            double created = 0;
            for (Object t : tries) {
                confirmed += num(obj(t), "confirmed");
                Map<String, Object> outcomes = obj(obj(t).get("outcomes"));
                for (Map.Entry<String, Object> e : outcomes.entrySet()) {
                    if (e.getKey().startsWith("201")) {
                        created += ((Number) e.getValue()).doubleValue();
                    }
                }
            }
            Map<String, Object> per = new LinkedHashMap<>();
            Map<String, Object> perCreated = new LinkedHashMap<>();
            for (String k : List.of("commits", "handlerCommits", "fsyncs", "logWrites", "inserts", "updates", "selects",
                    "questions")) {
                per.put(k, confirmed == 0 ? null : r2(div(num(db, k), confirmed)));
                perCreated.put(k, created == 0 ? null : r2(div(num(db, k), created)));
            }
            Map<String, Object> dbc = new LinkedHashMap<>();
            dbc.put("perConfirmedPayment", per);
            // payments that went to review did part of the work (no hold, no capture) but count here
            dbc.put("perCreatedPayment", perCreated);
            dbc.put("raw", db);
            dbc.put("note", "global MariaDB counters over the saturation tries; other databases on the server count too");
            pay.put("databaseWork", dbc);
        }
        Map<String, Object> check = step("payments-check");
        if (check != null) {
            pay.put("databaseCheck", check);
        }
        out.put("payments", pay);

        // 3. ledger
        Map<String, Object> ledger = step("ledger");
        if (ledger != null) {
            out.put("ledger", ledger);
            targets.add(target("Ledger: batches of 1,000 / single transfers", num(ledger, "ratio"), "x", ">=", 10.0,
                    fmt0(num(ledger, "batchTransfersPerSecond")) + " vs " + fmt0(num(ledger, "singlePerSecond")) + " transfers/s",
                    Boolean.TRUE.equals(ledger.get("auditOk")) ? null : "ledger audit failed"));
        }

        // 4. the database alone
        Map<String, Object> base = step("db-baseline");
        if (base != null) {
            out.put("databaseBaseline", base);
            Double inserts = num(base, "insertsPerSecond");
            targets.add(target("DB alone: durable INSERT+COMMIT/s (" + fmt0(num(base, "connections")) + " connections)", inserts,
                    "/s", null, null, null, null));
            if (saturation != null && inserts != null) {
                Double fraction = div(saturation, inserts);
                base.put("paymentsFraction", r4(fraction));
                targets.add(target("Payments/s as a fraction of DB INSERT+COMMIT/s", fraction == null ? null : fraction * 100,
                        "%", null, null, null, null));
            }
        }
        // 5. TLS: the same payments (at the best concurrency) and gateway GET with every hop TLS
        Map<String, Object> payTls = step("payments-closed-tls");
        Map<String, Object> viaTls = step("gateway-via-tls");
        // 6. the plain platform started again and given step 5's very sequence: the like-for-like pair
        Map<String, Object> payAgain = step("payments-closed-again");
        Map<String, Object> viaAgain = step("gateway-via-again");
        if (payTls != null && best != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            Double ratio = div(num(payTls, "confirmedPerSecond"), num(best, "confirmedPerSecond"));
            tls.put("payments", payTls);
            tls.put("paymentsPlain", Map.of("confirmedPerSecond", num(best, "confirmedPerSecond"), "concurrency", best.get("concurrency")));
            tls.put("paymentsRatio", r2(ratio));
            String clients = fmt0(num(best, "concurrency")) + " clients";
            if (payAgain != null) {
                Double alike = div(num(payTls, "confirmedPerSecond"), num(payAgain, "confirmedPerSecond"));
                tls.put("paymentsPlainAgain", payAgain);
                tls.put("paymentsRatioAlike", r2(alike));
                targets.add(target("TLS on every hop: confirmed payments/s, TLS / plain, each started and warmed alike ("
                        + clients + ")", alike, "x", ">=", 0.85, fmt(num(payTls, "confirmedPerSecond")) + " vs "
                        + fmt(num(payAgain, "confirmedPerSecond")) + "/s (step 6)", errorsIn(payTls)));
                targets.add(target("TLS / plain of step 2a (a platform warmed longer, for reference)", ratio, "x", null, null,
                        fmt(num(payTls, "confirmedPerSecond")) + " vs " + fmt(num(best, "confirmedPerSecond")) + "/s", null));
            } else {
                targets.add(target("TLS on every hop: confirmed payments/s, TLS / plain (" + clients + ")",
                        ratio, "x", ">=", 0.85, fmt(num(payTls, "confirmedPerSecond")) + " vs " + fmt(num(best, "confirmedPerSecond")) + "/s",
                        errorsIn(payTls)));
            }
            if (viaTls != null && viaAgain != null) {
                Double gwAlike = div(num(viaTls, "okPerSecond"), num(viaAgain, "okPerSecond"));
                tls.put("gatewayPlainAgain", viaAgain);
                tls.put("gatewayRatioAlike", r2(gwAlike));
            }
            if (viaTls != null && via != null) {
                Double gwRatio = div(num(viaTls, "okPerSecond"), num(via, "okPerSecond"));
                tls.put("gateway", viaTls);
                tls.put("gatewayRatio", r2(gwRatio));
                targets.add(target("TLS: gateway GET rate, HTTPS / plain (" + fmt0(num(meta, "gatewayConcurrency")) + " connections)",
                        gwRatio, "x", null, null, fmt0(num(viaTls, "okPerSecond")) + " vs " + fmt0(num(via, "okPerSecond")) + " req/s",
                        errorsIn(viaTls)));
            }
            tls.put("note", "step 5 runs after steps 1-4 on the same databases (more rows), with the same warm-up by count; "
                    + "step 6 restarts the plain platform and repeats step 5's sequence on still more rows, the like-for-like pair");
            out.put("tls", tls);
        }
        // the machine's speed at the start and the end, and the headline figures per calibration unit
        Map<String, Object> calibration = calibration(saturation, best);
        if (calibration != null) {
            out.put("calibration", calibration);
            String moved = Boolean.TRUE.equals(calibration.get("moved"))
                    ? "the machine's speed moved by more than 20% during the run: compare with care" : null;
            targets.add(target("Calibration: CPU units/s, start -> end (" + fmt0(num(calibration, "cpu.start.threads"))
                    + " threads)", num(calibration, "cpu.end.unitsPerSecond"), "", null, null,
                    "start " + fmt0(num(calibration, "cpu.start.unitsPerSecond")) + ", drift "
                    + pct(num(calibration, "cpuDrift")) + (moved == null ? "" : "; " + moved), null));
            targets.add(target("Calibration: DB INSERT+COMMIT/s at 8 connections, start -> end",
                    num(calibration, "database.end.insertsPerSecond"), "/s", null, null,
                    "start " + fmt0(num(calibration, "database.start.insertsPerSecond")) + ", drift "
                    + pct(num(calibration, "dbDrift")) + (moved == null ? "" : "; " + moved), null));
            targets.add(target("Calibrated: confirmed payments/s per 1,000 CPU units/s",
                    num(calibration, "paymentsPerKiloUnit"), "", null, null, null, moved));
            targets.add(target("Calibrated: machine CPU per confirmed payment, in CPU units",
                    num(calibration, "unitsPerConfirmedPayment"), "", null, null,
                    fmt0(num(calibration, "unitsPerCoreMs")) + " units per core-ms", moved));
            Double perCommit = num(calibration, "paymentsPerDbCommit");
            targets.add(target("Calibrated: confirmed payments/s as % of the DB's commits/s (8 connections)",
                    perCommit == null ? null : perCommit * 100, "%", null, null, null, moved));
        }
        targets.add(0, target("Durable commits (innodb_flush_log_at_trx_commit)",
                num(meta, "database.innodbFlushLogAtTrxCommit"), "", "=", 1.0, null, null));
        out.put("targets", targets);

        String json = pretty(out, "");
        Files.writeString(Path.of(args[1]), json + "\n");
        Files.writeString(Path.of(args[2]), html(out, targets, json));
        System.out.println(table(targets));
    }

    // ------------------------------------------------------------------ comparing two runs

    /**
     * Two results files side by side, raw and calibrated: {@code java Report.java --compare A.json B.json}.
     * Runs whose gateway load generator, mode or commit durability differ are not compared (exit 2), and a
     * run without calibration or whose calibration moved during it is named.
     */
    static int compare(Path a, Path b) throws Exception {
        Map<String, Object> x = obj(new Parser(Files.readString(a).trim()).value());
        Map<String, Object> y = obj(new Parser(Files.readString(b).trim()).value());
        for (String field : List.of("gatewayTool", "mode", "database.durable")) {
            Object fx = get(x, field);
            Object fy = get(y, field);
            if (!String.valueOf(fx).equals(String.valueOf(fy))) {
                System.out.println("bench: not comparable: " + field + " is " + fx + " in " + a.getFileName() + " and " + fy
                        + " in " + b.getFileName());
                return 2;
            }
        }
        for (Map<String, Object> r : List.of(x, y)) {
            if (r.get("calibration") == null) {
                System.out.println("bench: " + (r == x ? a : b).getFileName() + " has no calibration: only its raw figures compare");
            } else if (Boolean.TRUE.equals(get(r, "calibration.moved"))) {
                System.out.println("bench: " + (r == x ? a : b).getFileName() + ": the machine's speed moved by more than 20% during the run");
            }
        }
        String[][] rows = {
                {"confirmed payments/s at saturation", "payments.saturation.confirmedPerSecond"},
                {"gateway rate / direct rate", "gatewayOverhead.ratio"},
                {"ledger batches / singles", "ledger.ratio"},
                {"DB alone INSERT+COMMIT/s", "databaseBaseline.insertsPerSecond"},
                {"calibration: CPU units/s", "calibration.unitsPerSecond"},
                {"calibration: DB commits/s (8 connections)", "calibration.dbCommitsPerSecond"},
                {"calibrated: payments/s per 1,000 CPU units/s", "calibration.paymentsPerKiloUnit"},
                {"calibrated: CPU units per confirmed payment", "calibration.unitsPerConfirmedPayment"},
                {"calibrated: payments per DB commit", "calibration.paymentsPerDbCommit"}};
        System.out.printf(Locale.ROOT, "%-48s %14s %14s %8s%n", "figure", a.getFileName(), b.getFileName(), "B/A");
        for (String[] row : rows) {
            Double vx = num(x, row[1]);
            Double vy = num(y, row[1]);
            Double ratio = div(vy, vx);
            System.out.printf(Locale.ROOT, "%-48s %14s %14s %8s%n", row[0], precise(vx), precise(vy),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio));
        }
        return 0;
    }

    static String precise(Double v) {
        return v != null && Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.4f", v) : fmt(v);
    }

    // ------------------------------------------------------------------ calibration

    /**
     * The calibration measured before and after the run (Calibrate.java, DbBaseline.java at 8 connections),
     * its drift, and the headline figures in units that travel between machines: payments/s per 1,000 CPU
     * units/s, the machine CPU of a confirmed payment as CPU units (its milliseconds times one core's units
     * per millisecond), and payments/s per durable commit/s of the database alone. Null without calibration.
     */
    static Map<String, Object> calibration(Double saturation, Map<String, Object> best) throws Exception {
        Map<String, Object> cpuStart = obj(read("calibration-start"));
        Map<String, Object> cpuEnd = obj(read("calibration-end"));
        Map<String, Object> dbStart = obj(read("calibration-db-start"));
        Map<String, Object> dbEnd = obj(read("calibration-db-end"));
        if (cpuStart == null || dbStart == null) {
            return null;
        }
        cpuEnd = cpuEnd == null ? cpuStart : cpuEnd;
        dbEnd = dbEnd == null ? dbStart : dbEnd;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cpu", new LinkedHashMap<>(Map.of("start", cpuStart, "end", cpuEnd)));
        c.put("database", new LinkedHashMap<>(Map.of("start", dbStart, "end", dbEnd)));
        Double cpuDrift = drift(num(cpuStart, "unitsPerSecond"), num(cpuEnd, "unitsPerSecond"));
        Double dbDrift = drift(num(dbStart, "insertsPerSecond"), num(dbEnd, "insertsPerSecond"));
        c.put("cpuDrift", r4(cpuDrift));
        c.put("dbDrift", r4(dbDrift));
        c.put("moved", (cpuDrift != null && Math.abs(cpuDrift) > 0.2) || (dbDrift != null && Math.abs(dbDrift) > 0.2));
        Double units = mean(num(cpuStart, "unitsPerSecond"), num(cpuEnd, "unitsPerSecond"));
        Double unitsPerCoreMs = mean(num(cpuStart, "unitsPerCoreMs"), num(cpuEnd, "unitsPerCoreMs"));
        Double commits = mean(num(dbStart, "insertsPerSecond"), num(dbEnd, "insertsPerSecond"));
        c.put("unitsPerSecond", r2(units));
        c.put("unitsPerCoreMs", r4(unitsPerCoreMs));
        c.put("dbCommitsPerSecond", r2(commits));
        if (saturation != null) {
            c.put("paymentsPerKiloUnit", r4(div(saturation, units == null ? null : units / 1000)));
            c.put("paymentsPerDbCommit", r4(div(saturation, commits)));
        }
        Double cpuMs = best == null ? null : num(best, "cpuMsPerConfirmedPayment.machine");
        if (cpuMs != null && unitsPerCoreMs != null) {
            c.put("unitsPerConfirmedPayment", r2(cpuMs * unitsPerCoreMs));
        }
        return c;
    }

    static Double drift(Double start, Double end) {
        return start == null || end == null || start == 0 ? null : (end - start) / start;
    }

    static Double mean(Double a, Double b) {
        return a == null ? b : b == null ? a : (a + b) / 2;
    }

    static String pct(Double fraction) {
        return fraction == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    // ------------------------------------------------------------------ targets

    static Map<String, Object> target(String name, Double value, String unit, String op, Double limit, String note,
            String invalid) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("value", value == null ? null : r2(value));
        t.put("unit", unit);
        t.put("target", op == null ? null : op + " " + (limit == Math.rint(limit) ? fmt0(limit) : fmt(limit)) + unit
                + (note == null ? "" : " (" + note + ")"));
        if (op == null) {
            t.put("result", "INFO");
            if (note != null) {
                t.put("note", note);
            }
        } else if (value == null) {
            t.put("result", "MISS");
            t.put("note", "not measured");
        } else {
            boolean ok = switch (op) {
                case ">=" -> value >= limit;
                case "<=" -> value <= limit;
                default -> Math.abs(value - limit) < 1e-9;
            };
            t.put("result", ok && invalid == null ? "PASS" : "MISS");
        }
        if (invalid != null) {
            t.put("note", invalid);
        }
        return t;
    }

    /**
     * Why a step's figure cannot be trusted: more than 1% of its requests failed, or (payments) fewer than
     * 99% of the answered payments succeeded, so the platform was not doing the work the figure counts.
     */
    @SafeVarargs
    static String errorsIn(Map<String, Object>... ss) {
        for (Map<String, Object> s : ss) {
            Double e = num(s, "errorRate");
            if (e != null && e > 0.01) {
                return Math.round(e * 1000) / 10.0 + "% of requests failed: " + compact(s.get("outcomes"));
            }
            Double confirmed = num(s, "confirmed");
            Double completed = num(s, "completed");
            if (isPayments(s) && confirmed != null && completed != null && completed > 0 && confirmed / completed < 0.99) {
                return "only " + Math.round(confirmed / completed * 1000) / 10.0 + "% of payments succeeded: "
                        + compact(s.get("outcomes"));
            }
        }
        return null;
    }

    static String value(Map<String, Object> t) {
        Double v = (Double) t.get("value");
        String unit = (String) t.get("unit");
        return (unit.isEmpty() && v == Math.rint(v) ? fmt0(v) : fmt(v)) + (unit.isEmpty() ? "" : " " + unit);
    }

    static String table(List<Map<String, Object>> targets) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-62s %14s  %-22s %s%n", "figure", "value", "target", "result"));
        for (Map<String, Object> t : targets) {
            String v = t.get("value") == null ? "-" : value(t);
            b.append(String.format("%-62s %14s  %-22s %s%s%n", t.get("name"), v.trim(),
                    t.get("target") == null ? "" : t.get("target"), t.get("result"),
                    t.get("note") == null ? "" : "  (" + t.get("note") + ")"));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ the HTML page

    static String html(Map<String, Object> out, List<Map<String, Object>> targets, String json) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PayCloud bench ")
                .append(esc(String.valueOf(out.get("date")))).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.PASS{color:#fff;background:#2a7d2a}")
                .append(".MISS{color:#fff;background:#b3261e}.INFO{background:#eee}h2{margin-top:2em}")
                .append("svg{display:block;margin:1em 0}svg text{font:12px system-ui,sans-serif}pre{background:#f6f6f6;padding:1em;overflow:auto}")
                .append("</style></head><body>");
        h.append("<h1>PayCloud benchmark</h1><p>").append(esc(String.valueOf(out.get("date")))).append(" · ")
                .append(esc(String.valueOf(out.get("mode")))).append(" run · ").append(fmt0(num(out, "machine.cores")))
                .append(" cores · load average before ").append(esc(String.valueOf(get(out, "machine.loadAverageBefore"))))
                .append(" · MariaDB ").append(esc(String.valueOf(get(out, "database.version"))))
                .append(" · commit ").append(esc(String.valueOf(out.get("commit")))).append("</p>");
        h.append("<p>Load on the machine from anything else shows in the load average and in the machine CPU of each step; ")
                .append("figures from a shared machine are noisy.</p>");

        h.append("<h2>Summary</h2><table><tr><th>figure</th><th>value</th><th>target</th><th>result</th><th>note</th></tr>");
        for (Map<String, Object> t : targets) {
            h.append("<tr><td>").append(esc((String) t.get("name"))).append("</td><td class=n>")
                    .append(t.get("value") == null ? "–" : esc(value(t)))
                    .append("</td><td>").append(t.get("target") == null ? "" : esc((String) t.get("target")))
                    .append("</td><td class=\"").append(t.get("result")).append("\">").append(t.get("result"))
                    .append("</td><td>").append(t.get("note") == null ? "" : esc(String.valueOf(t.get("note"))))
                    .append("</td></tr>");
        }
        h.append("</table>");

        Map<String, Object> gw = obj(out.get("gatewayOverhead"));
        if (gw != null && gw.get("direct") != null) {
            h.append("<h2>1. Gateway overhead</h2><p>").append(esc(String.valueOf(gw.get("request"))))
                    .append(", closed loop, ").append(esc(String.valueOf(gw.get("tool")))).append(".</p>");
            String conns = fmt0(num(gw, "concurrency"));
            h.append(bars("Requests/s at " + conns + " connections", "/s", List.of(
                    bar("straight to payment-service", num(gw, "direct.okPerSecond"), "#4e79a7"),
                    bar("through the gateway", num(gw, "gateway.okPerSecond"), "#f28e2b"))));
            List<String> cats = List.of("p50", "p90", "p99", "p999");
            if (gw.get("oneConnection") != null) {
                h.append(grouped("Latency at 1 connection (ms)", cats, List.of(
                        series("straight", pcts(obj(get(gw, "oneConnection.direct")), cats), "#4e79a7"),
                        series("through the gateway", pcts(obj(get(gw, "oneConnection.gateway")), cats), "#f28e2b"))));
            }
            h.append(grouped("Latency at " + conns + " connections (ms)", cats, List.of(
                    series("straight", pcts(obj(gw.get("direct")), cats), "#4e79a7"),
                    series("through the gateway", pcts(obj(gw.get("gateway")), cats), "#f28e2b"))));
            h.append("<h3>CPU by process (cores)</h3>");
            h.append(cpuTable(List.of("straight, " + conns, "gateway, " + conns,
                    "straight, 1", "gateway, 1"), List.of(obj(gw.get("direct")), obj(gw.get("gateway")),
                    obj(get(gw, "oneConnection.direct")), obj(get(gw, "oneConnection.gateway")))));
        }

        Map<String, Object> pay = obj(out.get("payments"));
        if (pay != null && pay.get("saturation") != null) {
            h.append("<h2>2. Payments: create and confirm, automatic capture, through the gateway</h2>");
            List<Object> tries = list(get(pay, "saturation.tries"));
            List<Bar> satBars = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Map<String, Object>> cpuSteps = new ArrayList<>();
            for (Object t : tries) {
                Map<String, Object> m = obj(t);
                satBars.add(bar(fmt0(num(m, "concurrency")) + " clients (closed loop)", num(m, "confirmedPerSecond"), "#59a14f"));
                names.add("closed, " + fmt0(num(m, "concurrency")));
                cpuSteps.add(m);
            }
            h.append(bars("Confirmed payments/s at saturation", "/s", satBars));
            List<String> cats = List.of("p50", "p90", "p99", "p999");
            List<Series> open = new ArrayList<>();
            for (String level : new String[] {"50", "80"}) {
                Map<String, Object> o = obj(pay.get("open" + level));
                if (o != null) {
                    open.add(series(level + "% = " + fmt(num(o, "targetRate")) + "/s", pcts(o, cats),
                            level.equals("50") ? "#76b7b2" : "#e15759"));
                    names.add("open, " + level + "%");
                    cpuSteps.add(o);
                }
            }
            if (!open.isEmpty()) {
                h.append(grouped("Latency at a fixed rate, from the intended send time (ms)", cats, open));
            }
            h.append("<h3>Outcomes</h3><table><tr><th>step</th><th>sent</th><th>confirmed/s</th><th>outcomes</th></tr>");
            for (int i = 0; i < cpuSteps.size(); i++) {
                Map<String, Object> s = cpuSteps.get(i);
                h.append("<tr><td>").append(esc(names.get(i))).append("</td><td class=n>").append(fmt0(num(s, "sent")))
                        .append("</td><td class=n>").append(fmt(num(s, "confirmedPerSecond"))).append("</td><td>")
                        .append(esc(compact(s.get("outcomes")))).append("</td></tr>");
            }
            h.append("</table>");
            h.append("<h3>CPU by process (cores)</h3>").append(cpuTable(names, cpuSteps));
            if (pay.get("databaseWork") != null) {
                h.append("<p>Database work per confirmed payment (").append(esc(String.valueOf(get(pay, "databaseWork.note"))))
                        .append("): ").append(esc(compact(get(pay, "databaseWork.perConfirmedPayment"))))
                        .append("; per payment created (any 201): ")
                        .append(esc(compact(get(pay, "databaseWork.perCreatedPayment")))).append("</p>");
            }
            if (pay.get("databaseCheck") != null) {
                h.append("<p>Payments in pc_bench_payments after the run, by status: ")
                        .append(esc(compact(pay.get("databaseCheck")))).append("</p>");
            }
        }

        Map<String, Object> ledger = obj(out.get("ledger"));
        if (ledger != null) {
            h.append("<h2>3. Ledger: single transfers vs batches of 1,000</h2>");
            h.append(bars("Transfers/s, " + fmt0(num(ledger, "threads")) + " threads, straight to account-service", "/s", List.of(
                    bar("single transfers into one merchant account", num(ledger, "singlePerSecond"), "#9c755f"),
                    bar("single transfers, wallet to wallet (no hot row)", num(ledger, "spreadPerSecond"), "#bab0ac"),
                    bar("batches of 1,000", num(ledger, "batchTransfersPerSecond"), "#edc948"))));
            h.append("<p>CPU over the whole step (cores):</p>")
                    .append(cpuRows(List.of("ledger"), List.of(ledger), "cpu.machineCores", "cpu.loadgenCores", "cpu.processes."));
        }

        Map<String, Object> base = obj(out.get("databaseBaseline"));
        if (base != null) {
            h.append("<h2>4. The database alone</h2>");
            List<Bar> bs = new ArrayList<>();
            bs.add(bar("durable INSERT+COMMIT/s, " + fmt0(num(base, "connections")) + " connections",
                    num(base, "insertsPerSecond"), "#b07aa1"));
            if (pay != null && get(pay, "saturation.confirmedPerSecond") != null) {
                bs.add(bar("confirmed payments/s (saturation)", num(pay, "saturation.confirmedPerSecond"), "#59a14f"));
            }
            h.append(bars("Same MariaDB, same concurrency", "/s", bs));
            h.append("<p>INSERT+COMMIT latency p50 ").append(fmt(num(base, "latencyMs.p50"))).append(" ms, p99 ")
                    .append(fmt(num(base, "latencyMs.p99"))).append(" ms. CPU (cores):</p>")
                    .append(cpuRows(List.of("database alone"), List.of(base), "cpu.machineCores", "cpu.loadgenCores",
                            "cpu.processes."));
        }

        h.append("<h2>Settings</h2><pre>").append(esc(pretty(pick(out, "machine", "database", "platform"), ""))).append("</pre>");
        h.append("<details><summary>All figures (the results JSON)</summary><pre>").append(esc(json)).append("</pre></details>");
        h.append("</body></html>\n");
        return h.toString();
    }

    record Bar(String label, Double value, String color) {
    }

    record Series(String name, List<Double> values, String color) {
    }

    static Bar bar(String label, Double value, String color) {
        return new Bar(label, value, color);
    }

    static Series series(String name, List<Double> values, String color) {
        return new Series(name, values, color);
    }

    static List<Double> pcts(Map<String, Object> step, List<String> cats) {
        List<Double> v = new ArrayList<>();
        for (String c : cats) {
            v.add(step == null ? null : num(step, "latencyMs." + c));
        }
        return v;
    }

    /** Horizontal bars, one per figure, scaled to the largest. */
    static String bars(String title, String unit, List<Bar> bars) {
        double max = bars.stream().map(Bar::value).filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1);
        int labelW = 330;
        int barW = 520;
        int rowH = 28;
        int height = 30 + rowH * bars.size();
        StringBuilder s = new StringBuilder("<svg width=\"" + (labelW + barW + 110) + "\" height=\"" + height
                + "\" role=\"img\"><text x=\"0\" y=\"16\" font-weight=\"bold\">" + esc(title) + "</text>");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = 26 + i * rowH;
            double w = b.value() == null || max <= 0 ? 0 : b.value() / max * barW;
            s.append("<text x=\"0\" y=\"").append(y + 17).append("\">").append(esc(b.label())).append("</text>");
            s.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"20\" fill=\"").append(b.color())
                    .append("\"/>");
            s.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelW + w + 6)).append("\" y=\"").append(y + 17)
                    .append("\">").append(b.value() == null ? "–" : fmt(b.value()) + " " + esc(unit)).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    /** Vertical bars grouped by category (latency percentiles), one colour per series. */
    static String grouped(String title, List<String> cats, List<Series> series) {
        double max = series.stream().flatMap(x -> x.values().stream()).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(1);
        int plotH = 220;
        int groupW = 60 + 50 * series.size();
        int left = 50;
        int width = left + groupW * cats.size() + 20;
        int top = 50;
        StringBuilder s = new StringBuilder("<svg width=\"" + width + "\" height=\"" + (top + plotH + 40)
                + "\" role=\"img\"><text x=\"0\" y=\"16\" font-weight=\"bold\">" + esc(title) + "</text>");
        for (int j = 0; j < series.size(); j++) {
            s.append("<rect x=\"").append(left + j * 190).append("\" y=\"26\" width=\"12\" height=\"12\" fill=\"")
                    .append(series.get(j).color()).append("\"/><text x=\"").append(left + j * 190 + 16)
                    .append("\" y=\"37\">").append(esc(series.get(j).name())).append("</text>");
        }
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"").append(width - 10)
                .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#888\"/>");
        for (int i = 0; i < cats.size(); i++) {
            int gx = left + i * groupW + 20;
            for (int j = 0; j < series.size(); j++) {
                Double v = series.get(j).values().get(i);
                double hgt = v == null || max <= 0 ? 0 : v / max * (plotH - 16);
                int x = gx + j * 50;
                s.append("<rect x=\"").append(x).append("\" y=\"").append(String.format(Locale.ROOT, "%.1f", top + plotH - hgt))
                        .append("\" width=\"40\" height=\"").append(String.format(Locale.ROOT, "%.1f", hgt)).append("\" fill=\"")
                        .append(series.get(j).color()).append("\"/>");
                s.append("<text x=\"").append(x + 20).append("\" y=\"").append(String.format(Locale.ROOT, "%.1f", top + plotH - hgt - 4))
                        .append("\" text-anchor=\"middle\">").append(v == null ? "–" : fmt(v)).append("</text>");
            }
            s.append("<text x=\"").append(gx + 25 * series.size() - 5).append("\" y=\"").append(top + plotH + 18)
                    .append("\" text-anchor=\"middle\">").append(esc(cats.get(i).equals("p999") ? "p99.9" : cats.get(i)))
                    .append("</text>");
        }
        return s.append("</svg>").toString();
    }

    /** Two tables: cores used during each step, and CPU milliseconds per request (or confirmed payment). */
    static String cpuTable(List<String> names, List<Map<String, Object>> ss) {
        List<Map<String, Object>> perRequest = new ArrayList<>();
        for (Map<String, Object> s : ss) {
            Object per = s == null ? null
                    : s.containsKey("cpuMsPerRequest") ? s.get("cpuMsPerRequest") : s.get("cpuMsPerConfirmedPayment");
            perRequest.add(per == null ? null : Map.of("cpuMs", per, "cpu", s.get("cpu")));
        }
        return cpuRows(names, ss, "cpu.machineCores", "cpu.loadgenCores", "cpu.processes.")
                + "<p>CPU milliseconds per request (payments: per confirmed payment), which a busy machine changes "
                + "much less than the rates:</p>"
                + cpuRows(names, perRequest, "cpuMs.machine", "cpuMs.loadgen", "cpuMs.");
    }

    static String cpuRows(List<String> names, List<Map<String, Object>> ss, String machine, String loadgen, String prefix) {
        List<String> procs = new ArrayList<>();
        for (Map<String, Object> s : ss) {
            Map<String, Object> p = s == null ? null : obj(get(s, "cpu.processes"));
            if (p != null) {
                for (String k : p.keySet()) {
                    if (!procs.contains(k)) {
                        procs.add(k);
                    }
                }
            }
        }
        StringBuilder h = new StringBuilder("<table><tr><th>step</th><th>machine</th><th>load generator</th>");
        procs.forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
        h.append("</tr>");
        for (int i = 0; i < ss.size(); i++) {
            Map<String, Object> s = ss.get(i);
            if (s == null) {
                continue;
            }
            h.append("<tr><td>").append(esc(names.get(i))).append("</td><td class=n>").append(fmt(num(s, machine)))
                    .append("</td><td class=n>").append(fmt(num(s, loadgen))).append("</td>");
            for (String p : procs) {
                h.append("<td class=n>").append(fmt(num(s, prefix + p))).append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }

    // ------------------------------------------------------------------ step files

    static Object read(String name) throws Exception {
        Path p = steps.resolve(name + ".json");
        if (!Files.exists(p)) {
            return null;
        }
        String text = Files.readString(p).trim();
        return text.isEmpty() ? null : new Parser(text).value();
    }

    /** A step's figures, with the CPU its companion file measured (when there is one). */
    static Map<String, Object> step(String name) throws Exception {
        Map<String, Object> s = obj(read(name));
        if (s == null) {
            return null;
        }
        Map<String, Object> cpu = obj(read(name + ".cpu"));
        if (cpu != null && cpu.get("cpu") != null) {
            s.put("cpu", cpu.get("cpu"));
        }
        // CPU time per unit of work: unlike rates, it hardly changes when someone else loads the machine
        boolean payments = isPayments(s);
        Double rate = payments ? num(s, "confirmedPerSecond") : num(s, "okPerSecond");
        Map<String, Object> processes = obj(get(s, "cpu.processes"));
        if (rate != null && rate > 0 && processes != null) {
            Map<String, Object> per = new LinkedHashMap<>();
            per.put("machine", r2(div(num(s, "cpu.machineCores"), rate / 1000)));
            per.put("loadgen", r2(div(num(s, "cpu.loadgenCores"), rate / 1000)));
            processes.forEach((k, v) -> per.put(k, v instanceof Number n ? r2(n.doubleValue() / rate * 1000) : null));
            s.put(payments ? "cpuMsPerConfirmedPayment" : "cpuMsPerRequest", per);
        }
        return s;
    }

    /** A payments step: some of its answers are payments (201, with their status), not plain reads. */
    static boolean isPayments(Map<String, Object> s) {
        Map<String, Object> outcomes = obj(s.get("outcomes"));
        return outcomes != null && outcomes.keySet().stream().anyMatch(k -> k.startsWith("201") || k.startsWith("200 "));
    }

    static Map<String, Object> pick(Map<String, Object> m, String... keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, m.get(k));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static Object get(Map<String, Object> m, String path) {
        Object cur = m;
        for (String k : path.split("\\.")) {
            Map<String, Object> o = obj(cur);
            if (o == null) {
                return null;
            }
            cur = o.get(k);
        }
        return cur;
    }

    static Double num(Map<String, Object> m, String path) {
        Object v = m == null ? null : get(m, path);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    static Double div(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    static Double minus(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    static Double r2(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }

    static Double r3(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    static Double r4(Double v) {
        return v == null ? null : Math.round(v * 10000) / 10000.0;
    }

    static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt0(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ------------------------------------------------------------------ JSON

    static String pretty(Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "{}";
            }
            StringBuilder b = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(indent).append("  ").append(quote(String.valueOf(e.getKey()))).append(": ")
                        .append(pretty(e.getValue(), indent + "  ")).append(++i < m.size() ? ",\n" : "\n");
            }
            return b.append(indent).append('}').toString();
        }
        if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                return "[]";
            }
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < l.size(); i++) {
                b.append(indent).append("  ").append(pretty(l.get(i), indent + "  ")).append(i + 1 < l.size() ? ",\n" : "\n");
            }
            return b.append(indent).append(']').toString();
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "null";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(v);
    }

    /** One line of JSON, whole numbers without a decimal point: for notes and tables. */
    static String compact(Object v) {
        return pretty(v, "").replaceAll("\\n\\s*", " ").replace("{ ", "{").replace(" }", "}").replace("[ ", "[").replace(" ]", "]");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Enough JSON for the step files: objects keep their order, numbers are doubles. */
    static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("bad JSON at " + i + ": " + s.substring(i, Math.min(s.length(), i + 30)));
                    }
                    return Double.parseDouble(s.substring(start, i));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("bad JSON at " + i + ": expected " + c);
            }
            i++;
        }
    }
}
