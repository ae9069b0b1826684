package io.paycloud.risk.approval;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.security.Callers;

/**
 * The operator asking for a four-eyes action: the username and roles the gateway vouched for in the
 * request's verified identity (common-lib's {@link Callers}), never anything the client wrote itself.
 */
public record Maker(String username, Set<OperatorRole> roles) {

    public Maker {
        roles = Set.copyOf(roles);
    }

    public static Maker of(HttpServletRequest request) {
        Identity identity = Callers.identity(request).orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
        if (identity.role() != Identity.Role.OPS) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint is for operators.");
        }
        return new Maker(identity.subject(), Callers.operatorRoles(request));
    }

    List<String> wireRoles() {
        return OperatorRole.wire(roles);
    }
}
