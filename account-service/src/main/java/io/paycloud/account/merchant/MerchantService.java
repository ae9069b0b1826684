package io.paycloud.account.merchant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.account.ledger.AccountType;
import io.paycloud.account.ledger.Ledger;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;

/** Merchants, their ledger accounts (one per supported currency) and their secret API keys. */
@Service
public class MerchantService {

    /** The longest grace period an old key may keep working after a rotation. */
    static final Duration MAX_GRACE = Duration.ofDays(30);
    static final int DEFAULT_FEE_BPS = 60;

    private final MerchantRepository merchants;
    private final Ledger ledger;
    private final Clock clock;

    MerchantService(MerchantRepository merchants, Ledger ledger, Clock clock) {
        this.merchants = merchants;
        this.ledger = ledger;
        this.clock = clock;
    }

    public record Merchant(String id, String name, int feeBps, Map<String, String> accounts, Instant createdAt) {
    }

    public record CreatedMerchant(Merchant merchant, String secretKey) {
    }

    public record NewKey(String id, String secretKey, Instant createdAt, Instant oldKeysExpireAt) {
    }

    public record ResolvedKey(String merchantId, String keyId, Instant expiresAt) {
    }

    @Transactional
    public CreatedMerchant create(String name, Integer feeBps) {
        Instant now = now();
        MerchantRepository.MerchantRow row = new MerchantRepository.MerchantRow(Ids.newId("mer"), name.strip(),
                feeBps == null ? DEFAULT_FEE_BPS : feeBps, now);
        merchants.insert(row);
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String currency : Currencies.codes()) {
            accounts.put(currency, ledger.openAccount(AccountType.MERCHANT, currency, row.id(), row.id()));
        }
        String secret = issueKey(row.id(), now);
        return new CreatedMerchant(new Merchant(row.id(), row.name(), row.feeBps(), accounts, now), secret);
    }

    public Optional<Merchant> find(String id) {
        return merchants.find(id).map(m -> new Merchant(m.id(), m.name(), m.feeBps(), ledger.accountsOf(m.id(), AccountType.MERCHANT),
                m.createdAt()));
    }

    /** A new key; every older key of the merchant stops working {@code expireOldInSeconds} from now. */
    @Transactional
    public NewKey rotateKey(String merchantId, long expireOldInSeconds) {
        if (expireOldInSeconds < 0 || expireOldInSeconds > MAX_GRACE.toSeconds()) {
            throw ApiException.invalid("expireOldInSeconds", "expireOldInSeconds is from 0 to " + MAX_GRACE.toSeconds() + ".");
        }
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant", merchantId));
        Instant now = now();
        Instant oldExpire = now.plusSeconds(expireOldInSeconds);
        merchants.expireKeys(merchantId, now, oldExpire);
        String keyId = Ids.newId("key");
        String secret = ApiKeys.generate();
        merchants.insertKey(keyId, merchantId, ApiKeys.hash(secret), secret.substring(secret.length() - 4), now);
        return new NewKey(keyId, secret, now, oldExpire);
    }

    /** The merchant a secret key belongs to, while the key is valid. */
    public Optional<ResolvedKey> resolveKey(String secretKey) {
        if (!ApiKeys.wellFormed(secretKey)) {
            return Optional.empty();
        }
        return merchants.activeKey(ApiKeys.hash(secretKey), now())
                .map(k -> new ResolvedKey(k.merchantId(), k.id(), k.expiresAt()));
    }

    private String issueKey(String merchantId, Instant now) {
        String secret = ApiKeys.generate();
        merchants.insertKey(Ids.newId("key"), merchantId, ApiKeys.hash(secret), secret.substring(secret.length() - 4), now);
        return secret;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
