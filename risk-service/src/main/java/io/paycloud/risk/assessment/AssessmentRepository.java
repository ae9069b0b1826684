package io.paycloud.risk.assessment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class AssessmentRepository {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, payment_id, merchant_id, customer_id, amount, currency, kyc_level, "
            + "email, client_ip, device_id, decision, score, failure_code, reasons, created_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AssessmentRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One INSERT, no read before it: the id is new. */
    void insert(Assessment a) {
        jdbc.sql("INSERT INTO risk_assessments (" + COLUMNS + ") VALUES (:id, :payment, :merchant, :customer, :amount, "
                + ":currency, :kycLevel, :email, :clientIp, :deviceId, :decision, :score, :failureCode, :reasons, :createdAt)")
                .param("id", a.id())
                .param("payment", a.payment())
                .param("merchant", a.merchant())
                .param("customer", a.customer())
                .param("amount", a.amount())
                .param("currency", a.currency())
                .param("kycLevel", a.kycLevel())
                .param("email", a.email())
                .param("clientIp", a.clientIp())
                .param("deviceId", a.deviceId())
                .param("decision", a.decision().wire())
                .param("score", a.score())
                .param("failureCode", a.failureCode())
                .param("reasons", json.writeValueAsString(a.reasons()))
                .param("createdAt", Times.toDb(a.createdAt()))
                .update();
    }

    Optional<Assessment> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_assessments WHERE id = :id").param("id", id)
                .query(this::map).optional();
    }

    private Assessment map(ResultSet rs, int row) throws SQLException {
        return new Assessment(rs.getString("id"), rs.getString("payment_id"), rs.getString("merchant_id"),
                rs.getString("customer_id"), rs.getLong("amount"), rs.getString("currency"), rs.getString("kyc_level"),
                rs.getString("email"), rs.getString("client_ip"), rs.getString("device_id"),
                Decision.fromWire(rs.getString("decision")), rs.getInt("score"),
                json.readValue(rs.getString("reasons"), REASONS), rs.getString("failure_code"),
                Times.fromDb(rs.getObject("created_at", LocalDateTime.class)));
    }
}
