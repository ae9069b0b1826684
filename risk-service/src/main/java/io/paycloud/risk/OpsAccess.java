package io.paycloud.risk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityFilter;

/**
 * Every {@code /v1/risk/} endpoint is ops-only. The gateway already admits only the ops role there;
 * the service checks the verified identity again, so a leaked merchant token opens nothing.
 */
@Configuration(proxyBeanMethods = false)
class OpsAccess implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/risk/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Identity identity = IdentityFilter.of(request).orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
        if (identity.role() != Identity.Role.OPS) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "The risk API needs the ops role.");
        }
        return true;
    }
}
