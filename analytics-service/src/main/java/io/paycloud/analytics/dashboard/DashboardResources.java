package io.paycloud.analytics.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves Chart.js from its WebJar under {@code /dashboard/lib/}, so the page loads nothing from
 * outside the service (no CDN) and the gateway needs only its {@code /dashboard} route.
 */
@Configuration(proxyBeanMethods = false)
class DashboardResources implements WebMvcConfigurer {

    static final String CHARTJS = "classpath:/META-INF/resources/webjars/chartjs/4.4.3/dist/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/dashboard/lib/**").addResourceLocations(CHARTJS);
    }
}
