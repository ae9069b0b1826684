package io.paycloud.account.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

/** The service's OpenAPI description ({@code /v3/api-docs}), which the gateway aggregates. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI accountServiceApi() {
        return new OpenAPI().info(new Info().title("PayCloud account-service").version("v1").description("""
                Merchants and API keys, customers and real-name verification, and the double-entry ledger.
                Conventions follow Stripe where API.md is silent: integer minor units, `startingAfter`
                cursors, newest first. Errors are RFC 9457 problems with `code` and `param`.
                Ledger codes: `insufficient_funds` (409: the debit account's available balance is short;
                a 409 rather than a 402, since the request is valid and the ledger's state refuses it),
                `credit_limit_exceeded` (409), `transfer_exists` (409; `param` names the first field that
                differs from the recorded transfer), `pending_transfer_already_posted`,
                `pending_transfer_already_voided`, `pending_transfer_expired` (409, `param: pendingId`),
                and in batch results `linked_event_failed` and `linked_event_chain_open`.
                Posting more than is held is a 400 `parameter_invalid` with `param: amount`."""));
    }
}
