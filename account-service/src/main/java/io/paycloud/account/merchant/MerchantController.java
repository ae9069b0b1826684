package io.paycloud.account.merchant;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Ops;
import io.paycloud.common.error.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Ops: merchants and their keys. The gateway lets only the ops role reach these paths. */
@Tag(name = "Merchants", description = "Merchants, with an account per currency and their secret API keys.")
@SecurityRequirement(name = "operatorToken")
@RestController
class MerchantController {

    private final MerchantService merchants;

    MerchantController(MerchantService merchants) {
        this.merchants = merchants;
    }

    record CreateMerchantRequest(@Schema(example = "Tea House") @NotBlank @Size(max = 200) String name,
            @Schema(description = "The platform's fee in basis points of each payment.", defaultValue = "60", example = "45")
            @Min(0) @Max(10_000) Integer feeBps) {
    }

    /** {@code secretKey} is only ever in the creation answer. */
    record MerchantResponse(@Schema(example = "mer_01JD8WX2K9F4H6J8L0N2P4R6T8") String id, String name, int feeBps,
            @Schema(description = "The merchant's account per currency code.", example = "{\"CNY\": \"acc_01JD8WX2M1G5J7K9M1P3Q5S7U9\"}")
            Map<String, String> accounts,
            @Schema(description = "The secret API key (`sk_test_…`): only in the answer to the creation.")
            @JsonInclude(JsonInclude.Include.NON_NULL) String secretKey,
            Instant createdAt) {

        static MerchantResponse of(MerchantService.Merchant m, String secretKey) {
            return new MerchantResponse(m.id(), m.name(), m.feeBps(), m.accounts(), secretKey, m.createdAt());
        }
    }

    record KeyResponse(String id, @Schema(description = "The new secret API key (`sk_test_…`), shown only here.") String secretKey,
            Instant createdAt, @Schema(description = "When the merchant's earlier keys stop working.") Instant oldKeysExpireAt) {
    }

    @Operation(summary = "Create a merchant", operationId = "createMerchant", description = "Role `admin`. Opens an "
            + "account per supported currency and issues the merchant's first secret key, shown in this answer only.")
    @ApiResponse(responseCode = "201", description = "The merchant, with its `secretKey`.")
    @PostMapping("/v1/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    MerchantResponse create(@Valid @RequestBody CreateMerchantRequest body, Ops ops) {
        MerchantService.CreatedMerchant created = merchants.create(body.name(), body.feeBps());
        return MerchantResponse.of(created.merchant(), created.secretKey());
    }

    @Operation(summary = "Retrieve a merchant", operationId = "getMerchant", description = "Role `admin` or `support`.")
    @GetMapping("/v1/merchants/{id}")
    MerchantResponse get(@PathVariable String id, Ops ops) {
        return merchants.find(id).map(m -> MerchantResponse.of(m, null))
                .orElseThrow(() -> ApiException.notFound("merchant", id));
    }

    @Operation(summary = "Rotate a merchant's secret key", operationId = "rotateMerchantKey", description = "Role "
            + "`admin`. Issues a new key; the merchant's earlier keys stop working after `expireOldInSeconds`.")
    @ApiResponse(responseCode = "201", description = "The new key, shown only here.")
    @PostMapping("/v1/merchants/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    KeyResponse rotate(@PathVariable String id,
            @Parameter(description = "How long the earlier keys keep working, 0 (at once) to 2592000 (30 days).",
                    schema = @Schema(minimum = "0", maximum = "2592000"))
            @RequestParam(defaultValue = "0") long expireOldInSeconds, Ops ops) {
        MerchantService.NewKey key = merchants.rotateKey(id, expireOldInSeconds);
        return new KeyResponse(key.id(), key.secretKey(), key.createdAt(), key.oldKeysExpireAt());
    }
}
