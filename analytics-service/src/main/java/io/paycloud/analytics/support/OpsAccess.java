package io.paycloud.analytics.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reconciliation and the dashboard (page, data and its scripts) are ops-only: the gateway admits
 * only the ops role there, and this checks the verified identity again.
 */
@Configuration(proxyBeanMethods = false)
class OpsAccess implements WebMvcConfigurer, HandlerInterceptor {

    private final CallerContext callers;

    OpsAccess(CallerContext callers) {
        this.callers = callers;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/reports/reconciliation", "/dashboard", "/dashboard/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        callers.requireOps(request);
        return true;
    }
}
