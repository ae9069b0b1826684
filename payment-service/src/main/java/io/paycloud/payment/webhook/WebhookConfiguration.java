package io.paycloud.payment.webhook;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /** Where webhook hosts are looked up: the system's resolver. {@link UrlGuard} judges every answer. */
    @Bean
    DnsResolver webhookDns() {
        return SystemDefaultDnsResolver.INSTANCE;
    }
}
