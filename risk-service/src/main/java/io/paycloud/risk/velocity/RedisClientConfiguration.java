package io.paycloud.risk.velocity;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.paycloud.risk.RiskProperties;

@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    /**
     * While the connection to Redis is down, fail commands at once instead of queueing them until
     * the command timeout: the assessment answers {@code review} without waiting, and Lettuce keeps
     * reconnecting in the background.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return builder -> builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * Each command fails after {@code risk.redis-command-timeout}, while a new connection keeps the
     * longer {@code spring.data.redis.timeout} for its set-up: Lettuce bounds a connection's TLS
     * handshake and HELLO by that one, and a cold or busy JVM's first handshake can take longer than a
     * velocity check may wait.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer commandTimeout(RiskProperties properties) {
        return builder -> builder.timeoutOptions(TimeoutOptions.builder()
                .fixedTimeout(properties.redisCommandTimeout()).build());
    }
}
