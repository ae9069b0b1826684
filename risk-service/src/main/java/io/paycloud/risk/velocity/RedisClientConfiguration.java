package io.paycloud.risk.velocity;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.ClientOptions;

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
}
