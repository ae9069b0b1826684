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

import io.paycloud.account.caller.Ops;
import io.paycloud.common.error.ApiException;

/** Ops: merchants and their keys. The gateway lets only the ops role reach these paths. */
@RestController
class MerchantController {

    private final MerchantService merchants;

    MerchantController(MerchantService merchants) {
        this.merchants = merchants;
    }

    record CreateMerchantRequest(@NotBlank @Size(max = 200) String name, @Min(0) @Max(10_000) Integer feeBps) {
    }

    /** {@code secretKey} is only ever in the creation answer. */
    record MerchantResponse(String id, String name, int feeBps, Map<String, String> accounts,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secretKey,
            Instant createdAt) {

        static MerchantResponse of(MerchantService.Merchant m, String secretKey) {
            return new MerchantResponse(m.id(), m.name(), m.feeBps(), m.accounts(), secretKey, m.createdAt());
        }
    }

    record KeyResponse(String id, String secretKey, Instant createdAt, Instant oldKeysExpireAt) {
    }

    @PostMapping("/v1/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    MerchantResponse create(@Valid @RequestBody CreateMerchantRequest body, Ops ops) {
        MerchantService.CreatedMerchant created = merchants.create(body.name(), body.feeBps());
        return MerchantResponse.of(created.merchant(), created.secretKey());
    }

    @GetMapping("/v1/merchants/{id}")
    MerchantResponse get(@PathVariable String id, Ops ops) {
        return merchants.find(id).map(m -> MerchantResponse.of(m, null))
                .orElseThrow(() -> ApiException.notFound("merchant", id));
    }

    @PostMapping("/v1/merchants/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    KeyResponse rotate(@PathVariable String id, @RequestParam(defaultValue = "0") long expireOldInSeconds, Ops ops) {
        MerchantService.NewKey key = merchants.rotateKey(id, expireOldInSeconds);
        return new KeyResponse(key.id(), key.secretKey(), key.createdAt(), key.oldKeysExpireAt());
    }
}
