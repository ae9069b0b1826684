package io.paycloud.account.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.caller.Ops;
import io.paycloud.account.support.Page;
import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.time.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maker-checker. A maker's request is stored whole and nothing happens; a second operator who holds
 * the required role approves it, and only then does the action run, in the same transaction as the
 * status change, so an approval is executed once or not at all. The maker can never approve or
 * reject their own request, and a request not decided in time expires.
 */
@Service
@EnableConfigurationProperties(FourEyesProperties.class)
public class Approvals {

    public enum Status {
        PENDING, APPROVED, REJECTED, EXPIRED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Approval(String id, String action, String object, JsonNode body, String maker, OperatorRole requiredRole,
            Status status, String checker, JsonNode result, Instant createdAt, Instant expiresAt, Instant decidedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final FourEyesProperties properties;
    private final TransactionTemplate tx;
    private final Map<String, ApprovedAction> actions;

    Approvals(JdbcClient jdbc, JsonMapper json, Clock clock, FourEyesProperties properties,
            PlatformTransactionManager transactions, List<ApprovedAction> actions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.actions = actions.stream().collect(Collectors.toMap(ApprovedAction::name, Function.identity()));
    }

    /**
     * Stores {@code maker}'s request for {@code action} on {@code object}; nothing else happens yet. With
     * an idempotency key, the same request sent again answers the approval it made the first time.
     */
    public Approval request(String action, String object, Object body, Ops maker, String idempotencyKey) {
        return request(action, object, body, maker.user(), idempotencyKey);
    }

    /**
     * The same for a request another platform service took from its operator {@code maker} (the
     * username the gateway vouched for there): the maker is only ever a name here, and the checks on
     * approval compare checkers against it.
     */
    public Approval request(String action, String object, Object body, String maker, String idempotencyKey) {
        ApprovedAction handler = handler(action);
        String requestKey = idempotencyKey == null ? null : Hashes.sha256Hex(action + "\n" + object + "\n" + maker + "\n" + idempotencyKey);
        if (requestKey != null) {
            Optional<Approval> earlier = jdbc.sql("SELECT * FROM approval WHERE request_key = ?").param(requestKey)
                    .query((rs, n) -> row(rs)).optional();
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Instant now = clock.instant();
        Approval approval = new Approval(Ids.newId("apr"), action, object, json.valueToTree(body), maker,
                handler.requiredRole(), Status.PENDING, null, null, now, now.plus(properties.expiresAfter()), null);
        try {
            jdbc.sql("INSERT INTO approval (id, action, object_id, body, maker, required_role, status, created_at, expires_at, "
                    + "request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(approval.id(), action, object, json.writeValueAsString(approval.body()), maker,
                            handler.requiredRole().wire(), Status.PENDING.wire(), Times.toDb(now),
                            Times.toDb(approval.expiresAt()), requestKey)
                    .update();
        } catch (org.springframework.dao.DuplicateKeyException race) {
            return jdbc.sql("SELECT * FROM approval WHERE request_key = ?").param(requestKey).query((rs, n) -> row(rs)).single();
        }
        return approval;
    }

    public Approval get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("approval", id));
    }

    public Page<Approval> list(Status status, int limit, String startingAfter) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("SELECT * FROM approval WHERE 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (status != null) {
            // expiry is a matter of time: a pending row past its end is expired whether or not anyone looked
            switch (status) {
                case PENDING -> {
                    sql.append(" AND status = 'pending' AND expires_at > ?");
                    params.add(Times.toDb(now));
                }
                case EXPIRED -> {
                    sql.append(" AND (status = 'expired' OR (status = 'pending' AND expires_at <= ?))");
                    params.add(Times.toDb(now));
                }
                case APPROVED, REJECTED -> {
                    sql.append(" AND status = ?");
                    params.add(status.wire());
                }
            }
        }
        if (startingAfter != null) {
            Approval after = find(startingAfter)
                    .orElseThrow(() -> ApiException.invalid("startingAfter", "No approval '" + startingAfter + "'."));
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(Times.toDb(after.createdAt()));
            params.add(Times.toDb(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit + 1);
        List<Approval> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> row(rs)).list();
        return new Page<>(rows.size() > limit ? rows.subList(0, limit) : rows, rows.size() > limit);
    }

    /** Runs the action and marks the request approved, or neither. */
    public Approval approve(String id, Ops checker) {
        Approval approval = get(id);
        ApprovedAction handler = decidable(approval, checker);
        Instant now = clock.instant();
        return tx.execute(status -> {
            int claimed = jdbc.sql("UPDATE approval SET status = 'approved', checker = ?, decided_at = ? "
                    + "WHERE id = ? AND status = 'pending' AND expires_at > ?")
                    .params(checker.user(), Times.toDb(now), id, Times.toDb(now)).update();
            if (claimed == 0) {
                throw notPending(get(id));
            }
            Object result = handler.execute(approval, checker);
            jdbc.sql("UPDATE approval SET result = ? WHERE id = ?").params(json.writeValueAsString(result), id).update();
            return get(id);
        });
    }

    public Approval reject(String id, Ops checker) {
        Approval approval = get(id);
        decidable(approval, checker);
        Instant now = clock.instant();
        int decided = jdbc.sql("UPDATE approval SET status = 'rejected', checker = ?, decided_at = ? "
                + "WHERE id = ? AND status = 'pending' AND expires_at > ?")
                .params(checker.user(), Times.toDb(now), id, Times.toDb(now)).update();
        if (decided == 0) {
            throw notPending(get(id));
        }
        return get(id);
    }

    private ApprovedAction decidable(Approval approval, Ops checker) {
        if (approval.maker().equals(checker.user())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "The operator who made a request cannot decide it.");
        }
        if (!checker.has(approval.requiredRole())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null,
                    "Deciding this request needs the '" + approval.requiredRole().wire() + "' role.");
        }
        if (approval.status() != Status.PENDING) {
            throw notPending(approval);
        }
        return handler(approval.action());
    }

    private static ApiException notPending(Approval approval) {
        return ApiException.stateInvalid("Approval " + approval.id() + " is " + approval.status().wire() + ", not pending.");
    }

    private ApprovedAction handler(String action) {
        ApprovedAction handler = actions.get(action);
        if (handler == null) {
            throw new IllegalStateException("no handler for approval action " + action);
        }
        return handler;
    }

    private Optional<Approval> find(String id) {
        if (id == null || id.length() > 40) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM approval WHERE id = ?").param(id).query((rs, n) -> row(rs)).optional();
    }

    private Approval row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant expiresAt = Times.fromDb(rs.getObject("expires_at", LocalDateTime.class));
        Status status = Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT));
        if (status == Status.PENDING && !clock.instant().isBefore(expiresAt)) {
            status = Status.EXPIRED;
        }
        String result = rs.getString("result");
        return new Approval(rs.getString("id"), rs.getString("action"), rs.getString("object_id"),
                json.readTree(rs.getString("body")), rs.getString("maker"),
                OperatorRole.ofWire(rs.getString("required_role")).orElseThrow(), status, rs.getString("checker"),
                result == null ? null : json.readTree(result), rs.getObject("created_at", LocalDateTime.class) == null ? null
                        : Times.fromDb(rs.getObject("created_at", LocalDateTime.class)),
                expiresAt, rs.getObject("decided_at", LocalDateTime.class) == null ? null
                        : Times.fromDb(rs.getObject("decided_at", LocalDateTime.class)));
    }
}
