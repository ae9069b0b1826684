package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.netty.channel.AbortedException;
import tools.jackson.databind.json.JsonMapper;

class ProblemErrorHandlerTest {

    private final ProblemErrorHandler handler = new ProblemErrorHandler(new GatewayProblems(JsonMapper.builder().build()));

    @Test
    void aClientThatWentAwayGetsNoAnswerAndIsNotAnError() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/payments"));
        handler.handle(exchange, new AbortedException("Connection has been closed BEFORE send operation")).block();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    @Test
    void anUnexpectedErrorIsA500Problem() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/payments"));
        handler.handle(exchange, new IllegalStateException("boom")).block();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"internal_error\"");
    }
}
