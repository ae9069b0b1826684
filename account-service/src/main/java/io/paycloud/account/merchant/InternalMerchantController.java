package io.paycloud.account.merchant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/**
 * For the gateway: which merchant a secret key belongs to. The key travels in the body, never in a
 * URL or header, so it stays out of access logs and never meets the identity token's header.
 */
@RestController
class InternalMerchantController {

    private final MerchantService merchants;

    InternalMerchantController(MerchantService merchants) {
        this.merchants = merchants;
    }

    record ResolveRequest(String secretKey) {
    }

    @PostMapping("/internal/api-keys/resolve")
    MerchantService.ResolvedKey resolve(@RequestBody ResolveRequest body) {
        if (body.secretKey() == null || body.secretKey().isBlank()) {
            throw ApiException.missing("secretKey");
        }
        return resolve(body.secretKey());
    }

    @GetMapping("/internal/merchants/{id}")
    MerchantService.Merchant merchant(@PathVariable String id) {
        return merchants.find(id).orElseThrow(() -> ApiException.notFound("merchant", id));
    }

    private MerchantService.ResolvedKey resolve(String key) {
        return merchants.resolveKey(key).orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_MISSING, "secretKey",
                "No valid API key matches."));
    }
}
