package io.paycloud.gateway.contract;

import java.net.http.HttpClient;
import java.time.Duration;

import io.paycloud.client.account.api.AccountsApi;
import io.paycloud.client.account.api.CustomersApi;
import io.paycloud.client.payment.api.EventsApi;
import io.paycloud.client.payment.api.PaymentsApi;
import io.paycloud.client.payment.api.RefundsApi;
import io.paycloud.client.payment.api.WebhookEndpointsApi;

/**
 * The API as a merchant holding one secret key calls it: the clients generated at build time from the
 * committed documents (docs/openapi), pointed at the gateway, every answer held to the {@link ApiContract}
 * before the client reads it.
 */
public final class MerchantApi {

    public final PaymentsApi payments;
    public final RefundsApi refunds;
    public final WebhookEndpointsApi webhookEndpoints;
    public final EventsApi events;
    public final CustomersApi customers;
    public final AccountsApi accounts;

    /** Over {@code client} (which trusts the gateway's certificate) to {@code gateway}, its base URL. */
    public MerchantApi(HttpClient client, String gateway, String authorization, ApiContract contract, Duration timeout) {
        HttpClient http = new ContractCheckingHttpClient(client, contract);
        io.paycloud.client.payment.ApiClient payment = new io.paycloud.client.payment.ApiClient() {
            @Override
            public HttpClient getHttpClient() {
                return http;
            }
        };
        payment.updateBaseUri(gateway);
        payment.setRequestInterceptor(request -> request.header("Authorization", authorization));
        payment.setReadTimeout(timeout);
        io.paycloud.client.account.ApiClient account = new io.paycloud.client.account.ApiClient() {
            @Override
            public HttpClient getHttpClient() {
                return http;
            }
        };
        account.updateBaseUri(gateway);
        account.setRequestInterceptor(request -> request.header("Authorization", authorization));
        account.setReadTimeout(timeout);
        payments = new PaymentsApi(payment);
        refunds = new RefundsApi(payment);
        webhookEndpoints = new WebhookEndpointsApi(payment);
        events = new EventsApi(payment);
        customers = new CustomersApi(account);
        accounts = new AccountsApi(account);
    }
}
