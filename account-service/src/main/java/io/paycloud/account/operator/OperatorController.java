package io.paycloud.account.operator;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.paycloud.account.approval.ApprovalEnvelope;
import io.paycloud.account.approval.Approvals;
import io.paycloud.account.caller.Ops;
import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.OperatorRole;

/**
 * Admin: operators, their roles and secrets. A new operator has no role; granting one waits for a second
 * administrator ({@link RoleGrants}). Revoking a role or disabling an operator takes effect at once.
 */
@RestController
class OperatorController {

    private final Operators operators;
    private final Approvals approvals;
    private final RoleGrants grants;
    private final SecondFactors secondFactors;

    OperatorController(Operators operators, Approvals approvals, RoleGrants grants, SecondFactors secondFactors) {
        this.operators = operators;
        this.approvals = approvals;
        this.grants = grants;
        this.secondFactors = secondFactors;
    }

    record CreateOperatorRequest(String username) {
    }

    record RoleRequest(String role) {
    }

    /** {@code secret} is only in the answer that made it. */
    record OperatorView(String username, List<String> roles, boolean enabled, String createdBy, Instant createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static OperatorView of(Operators.Operator o, String secret) {
            return new OperatorView(o.username(), OperatorRole.wire(o.roles()), o.enabled(), o.createdBy(), o.createdAt(), secret);
        }
    }

    record SecretView(String username, String secret) {
    }

    /** The TOTP secret and the URI an authenticator app reads (as a QR code or pasted), shown once. */
    record SecondFactorView(String username, String type, String secret, String otpauthUri) {
    }

    record CodeRequest(String code) {
    }

    @PostMapping("/v1/operators")
    @ResponseStatus(HttpStatus.CREATED)
    OperatorView create(@RequestBody CreateOperatorRequest body, Ops ops) {
        Operators.Created created = operators.create(body.username(), ops.user());
        return OperatorView.of(created.operator(), created.secret());
    }

    @GetMapping("/v1/operators")
    Page<OperatorView> list(Ops ops) {
        return new Page<>(operators.list().stream().map(o -> OperatorView.of(o, null)).toList(), false);
    }

    @GetMapping("/v1/operators/{username}")
    OperatorView get(@PathVariable String username, Ops ops) {
        return OperatorView.of(operators.require(username), null);
    }

    /**
     * Grants a role: 202 with the approval a second administrator decides. While the platform has a single
     * administrator, nobody could ever check; that administrator's grants then apply at once (200).
     */
    @PostMapping("/v1/operators/{username}/roles")
    ResponseEntity<?> grant(@PathVariable String username, @RequestBody RoleRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        OperatorRole role = role(body.role());
        operators.require(username);
        if (grants.bootstrapping()) {
            return ResponseEntity.ok(OperatorView.of(operators.grant(username, role), null));
        }
        Approvals.Approval approval = approvals.request(RoleGrants.ACTION, username, body, ops, idempotencyKey);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApprovalEnvelope.of(approval));
    }

    @DeleteMapping("/v1/operators/{username}/roles/{role}")
    OperatorView revoke(@PathVariable String username, @PathVariable String role, Ops ops) {
        return OperatorView.of(operators.revoke(username, role(role)), null);
    }

    @PostMapping("/v1/operators/{username}/disable")
    OperatorView disable(@PathVariable String username, Ops ops) {
        if (username.equals(ops.user())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "An operator cannot disable themselves.");
        }
        return OperatorView.of(operators.setEnabled(username, false), null);
    }

    /** A new secret, shown once; the old one stops working at once. Operators rotate their own, admins anyone's. */
    @PostMapping("/v1/operators/{username}/secret")
    @ResponseStatus(HttpStatus.CREATED)
    SecretView rotate(@PathVariable String username, Ops ops) {
        operators.require(username);
        if (!username.equals(ops.user()) && !ops.has(OperatorRole.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "Only an administrator rotates another operator's secret.");
        }
        return new SecretView(username, operators.rotateSecret(username));
    }

    /**
     * Enrols the caller's own second factor (a fresh TOTP secret, replacing any earlier one), shown once.
     * Nobody enrols another operator's: whoever saw the secret could sign in as them.
     */
    @PostMapping("/v1/operators/{username}/second-factor")
    @ResponseStatus(HttpStatus.CREATED)
    SecondFactorView enrolSecondFactor(@PathVariable String username, @RequestBody(required = false) CodeRequest body,
            Ops ops) {
        operators.require(username);
        if (!username.equals(ops.user())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "Operators enrol their own second factor only.");
        }
        // replacing one takes a code of the one there: a stolen secret alone cannot swap it for the thief's
        if (secondFactors.enrolled(username) && !secondFactors.accept(username, body == null ? null : body.code())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "code", "Replacing a second factor takes a current one-time code "
                    + "of the enrolled one, as 'code'; a lost device is removed by another administrator.");
        }
        SecondFactors.Enrolment enrolment = secondFactors.enrol(username);
        return new SecondFactorView(username, "totp", enrolment.secret(), enrolment.otpauthUri());
    }

    /** Removes an operator's second factor (a lost device): an administrator's, for another operator. */
    @DeleteMapping("/v1/operators/{username}/second-factor")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeSecondFactor(@PathVariable String username, Ops ops) {
        operators.require(username);
        if (username.equals(ops.user())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "Another administrator removes an operator's second factor.");
        }
        secondFactors.remove(username);
    }

    private static OperatorRole role(String value) {
        if (value == null) {
            throw ApiException.missing("role");
        }
        return OperatorRole.ofWire(value).orElseThrow(
                () -> ApiException.invalid("role", "role is one of viewer, support, risk, treasury, admin."));
    }
}
