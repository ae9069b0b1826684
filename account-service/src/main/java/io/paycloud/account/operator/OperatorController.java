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
import io.paycloud.common.caller.Ops;
import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.OperatorRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Admin: operators, their roles and secrets. A new operator has no role; granting one waits for a second
 * administrator ({@link RoleGrants}). Revoking a role or disabling an operator takes effect at once.
 */
@Tag(name = "Operators", description = "The people who run the platform: their roles, secrets and second factors.")
@SecurityRequirement(name = "operatorToken")
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

    record CreateOperatorRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[a-z][a-z0-9._-]{1,63}$",
            description = "2 to 64 characters: lower-case letters, digits, `.`, `_` and `-`, starting with a letter.",
            example = "li.na") String username) {
    }

    record RoleRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"viewer", "support", "risk", "treasury", "admin"}) String role) {
    }

    /** {@code secret} is only in the answer that made it. */
    record OperatorView(@Schema(example = "li.na") String username,
            @Schema(description = "`viewer`, `support`, `risk`, `treasury`, `admin`.") List<String> roles, boolean enabled,
            @Schema(description = "The administrator who made the operator.") String createdBy, Instant createdAt,
            @Schema(description = "The operator's secret (`opsk_…`): only in the answer to the creation.")
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static OperatorView of(Operators.Operator o, String secret) {
            return new OperatorView(o.username(), OperatorRole.wire(o.roles()), o.enabled(), o.createdBy(), o.createdAt(), secret);
        }
    }

    record SecretView(String username, @Schema(description = "The new secret (`opsk_…`), shown only here.") String secret) {
    }

    /** The TOTP secret and the URI an authenticator app reads (as a QR code or pasted), shown once. */
    record SecondFactorView(String username, @Schema(allowableValues = {"totp"}) String type,
            @Schema(description = "The TOTP secret (base32), shown only here.") String secret,
            @Schema(description = "The `otpauth://` URI an authenticator app reads (as a QR code).") String otpauthUri) {
    }

    record CodeRequest(@Schema(description = "A current one-time code of the enrolled second factor; needed to replace it.",
            pattern = "^[0-9]{6}$", example = "123456") String code) {
    }

    @Operation(summary = "Create an operator", operationId = "createOperator", description = "Role `admin`. A new "
            + "operator has no role; the secret is in this answer only.")
    @ApiResponse(responseCode = "201", description = "The operator, with its `secret`.")
    @ApiResponse(responseCode = "409", description = "`conflict` with `param: username`: the name is taken or reserved.")
    @PostMapping("/v1/operators")
    @ResponseStatus(HttpStatus.CREATED)
    OperatorView create(@RequestBody CreateOperatorRequest body, Ops ops) {
        Operators.Created created = operators.create(body.username(), ops.user());
        return OperatorView.of(created.operator(), created.secret());
    }

    @Operation(summary = "List operators", operationId = "listOperators", description = "Role `admin`. Every "
            + "operator, newest first, in one page.")
    @GetMapping("/v1/operators")
    Page<OperatorView> list(Ops ops) {
        return new Page<>(operators.list().stream().map(o -> OperatorView.of(o, null)).toList(), false);
    }

    @Operation(summary = "Retrieve an operator", operationId = "getOperator", description = "Role `admin`.")
    @GetMapping("/v1/operators/{username}")
    OperatorView get(@PathVariable String username, Ops ops) {
        return OperatorView.of(operators.require(username), null);
    }

    /**
     * Grants a role: 202 with the approval a second administrator decides. While the platform has a single
     * administrator, nobody could ever check; that administrator's grants then apply at once (200).
     */
    @Operation(summary = "Grant an operator a role", operationId = "grantOperatorRole", description = "Role `admin`. "
            + "Four-eyes: the grant waits for a second administrator, except while the platform has a single one.")
    @ApiResponse(responseCode = "202", description = "The pending approval a second administrator decides (the same one "
            + "for a request sent again with its `Idempotency-Key`).", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @ApiResponse(responseCode = "200", description = "While there is a single administrator: the operator, with the role.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OperatorView.class)))
    @PostMapping("/v1/operators/{username}/roles")
    ResponseEntity<?> grant(@PathVariable String username, @RequestBody RoleRequest body,
            @Parameter(description = "The same key sent again (by the same administrator, for the same operator) answers "
                    + "the approval it made. At most 255 characters.")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        OperatorRole role = role(body.role());
        operators.require(username);
        if (grants.bootstrapping()) {
            return ResponseEntity.ok(OperatorView.of(operators.grant(username, role), null));
        }
        Approvals.Approval approval = approvals.request(RoleGrants.ACTION, username, body, ops, idempotencyKey);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApprovalEnvelope.of(approval));
    }

    @Operation(summary = "Revoke an operator's role", operationId = "revokeOperatorRole", description = "Role `admin`. "
            + "At once; tokens already issued keep the role until they expire.")
    @ApiResponse(responseCode = "200", description = "The operator, without the role.")
    @ApiResponse(responseCode = "400", description = "`parameter_invalid` with `param: role`: not a role.")
    @DeleteMapping("/v1/operators/{username}/roles/{role}")
    OperatorView revoke(@PathVariable String username, @PathVariable String role, Ops ops) {
        return OperatorView.of(operators.revoke(username, role(role)), null);
    }

    @Operation(summary = "Disable an operator", operationId = "disableOperator", description = "Role `admin`. At once; "
            + "tokens already issued work until they expire.")
    @ApiResponse(responseCode = "200", description = "The operator, disabled.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: an operator cannot disable themselves; or the "
            + "credential may not call this endpoint.")
    @PostMapping("/v1/operators/{username}/disable")
    OperatorView disable(@PathVariable String username, Ops ops) {
        if (username.equals(ops.user())) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "An operator cannot disable themselves.");
        }
        return OperatorView.of(operators.setEnabled(username, false), null);
    }

    /** A new secret, shown once; the old one stops working at once. Operators rotate their own, admins anyone's. */
    @Operation(summary = "Rotate an operator's secret", operationId = "rotateOperatorSecret", description = "Any "
            + "operator for themselves, an administrator for anyone. The old secret stops working at once.")
    @ApiResponse(responseCode = "201", description = "The new secret, shown only here.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: only an administrator rotates another operator's "
            + "secret; or the credential may not call this endpoint.")
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
    @Operation(summary = "Enrol a second factor", operationId = "enrolSecondFactor", description = "An operator enrols "
            + "their own TOTP second factor; replacing an enrolled one takes a current code of it.")
    @ApiResponse(responseCode = "201", description = "The TOTP secret and its `otpauth://` URI, shown only here.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: another operator's second factor, or (`param: code`) "
            + "replacing one without a current code of it; or the credential may not call this endpoint.")
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
    @Operation(summary = "Remove an operator's second factor", operationId = "removeSecondFactor", description = "Role "
            + "`admin`, for another operator (a lost device); they then enrol again.")
    @ApiResponse(responseCode = "204", description = "Removed.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: another administrator removes an operator's second "
            + "factor; or the credential may not call this endpoint.")
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
