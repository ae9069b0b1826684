package io.paycloud.common.caller;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.security.Callers;

/**
 * The one place that decides who the caller of a controller method is: a {@link Caller} or {@link Ops}
 * parameter is the identity the gateway signed and Spring Security verified ({@link Callers}), and a
 * caller of the other kind, or none, is refused before the method runs. Nothing a client writes in a
 * header of its own counts.
 */
public final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class || parameter.getParameterType() == Ops.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        return parameter.getParameterType() == Ops.class ? ops(http) : merchant(http);
    }

    /** The merchant of a merchant call; ops and anonymous callers are refused. */
    public static Caller merchant(HttpServletRequest request) {
        Identity identity = identity(request);
        if (!identity.isMerchant()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint is for merchants.");
        }
        return new Caller(identity.subject());
    }

    /** The operator of an ops call; merchants and anonymous callers are refused. */
    public static Ops ops(HttpServletRequest request) {
        Identity identity = identity(request);
        if (identity.role() != Identity.Role.OPS) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint needs the ops role.");
        }
        return new Ops(identity.subject(), Callers.operatorRoles(request));
    }

    private static Identity identity(HttpServletRequest request) {
        return Callers.identity(request).orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
    }
}
