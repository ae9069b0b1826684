package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.paycloud.common.error.ApiException;

class RequestBodyMaskingTest {

    @Test
    void secretLookingFieldsAreMaskedAtAnyDepthInAnyCaseAndSpelling() {
        String body = """
                {"name":"Tea House","password":"hunter2","Secret":{"a":1},"apiKey":"sk_test_1",
                 "nested":{"refreshToken":"t","list":[{"ID_NUMBER":"x","idNumber":"110105194912310020","totpCode":123456}]},
                 "kycIdNumber":null}""";
        assertThat(RequestBodyMasking.mask(body)).isEqualTo("{\"name\":\"Tea House\",\"password\":\"***\",\"Secret\":\"***\","
                + "\"apiKey\":\"***\",\"nested\":{\"refreshToken\":\"***\",\"list\":[{\"ID_NUMBER\":\"***\","
                + "\"idNumber\":\"***\",\"totpCode\":\"***\"}]},\"kycIdNumber\":\"***\"}");
    }

    @Test
    void theIdempotencyKeyIsNotASecret() {
        assertThat(RequestBodyMasking.mask("{\"idempotencyKey\":\"order-1\",\"idempotency_key\":\"o\",\"keyId\":\"k\"}"))
                .isEqualTo("{\"idempotencyKey\":\"order-1\",\"idempotency_key\":\"o\",\"keyId\":\"***\"}");
    }

    @Test
    void valuesOtherThanSecretsKeepTheirExactValue() {
        assertThat(RequestBodyMasking.mask("[ {\"amount\": 12345678901234567890123, \"rate\": 0.1000000000000000055511151231257827},"
                + " \"x\", null, true ]"))
                .isEqualTo("[{\"amount\":12345678901234567890123,\"rate\":0.1000000000000000055511151231257827},\"x\",null,true]");
    }

    @Test
    void textThatIsNotJsonIsRefusedNamingRequestBody() {
        for (String body : new String[] {"password=hunter2", "{\"a\":1} trailing", "", "{\"a\":"}) {
            assertThatThrownBy(() -> RequestBodyMasking.mask(body)).as(body).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.param()).isEqualTo("requestBody"));
        }
    }

    @Test
    void aBodyLongerThanTheColumnTakesIsRefused() {
        String fits = "\"" + "x".repeat(RequestBodyMasking.MAX_LENGTH - 2) + "\"";
        assertThat(RequestBodyMasking.mask(fits)).hasSize(RequestBodyMasking.MAX_LENGTH);
        assertThatThrownBy(() -> RequestBodyMasking.mask("\"x" + fits.substring(1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("requestBody"));
    }

    @Test
    void nullStaysNull() {
        assertThat(RequestBodyMasking.mask(null)).isNull();
    }
}
