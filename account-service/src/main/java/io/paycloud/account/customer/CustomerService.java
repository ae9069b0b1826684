package io.paycloud.account.customer;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.account.ledger.AccountBalance;
import io.paycloud.account.ledger.AccountType;
import io.paycloud.account.ledger.Ledger;
import io.paycloud.account.merchant.MerchantService;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.swagger.v3.oas.annotations.media.Schema;

/** Customers of a merchant, each with a wallet account, and their real-name (KYC) verification. */
@Service
public class CustomerService {

    /** Birth dates in PRC id numbers are Beijing dates; "not in the future" is judged there. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final CustomerRepository customers;
    private final MerchantService merchants;
    private final Ledger ledger;
    private final IdNumberCipher cipher;
    private final Clock clock;

    CustomerService(CustomerRepository customers, MerchantService merchants, Ledger ledger, IdNumberCipher cipher,
            Clock clock) {
        this.customers = customers;
        this.merchants = merchants;
        this.ledger = ledger;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Schema(description = "The wallet's balance, in its currency's minor unit.")
    public record Balance(long available, long pending, String currency) {
    }

    public record Customer(String id, String merchantId, String name, String email, String currency, String kycLevel,
            String idNumberMasked, String accountId, Balance balance, Instant createdAt) {
    }

    public record Verification(String id, String kycLevel, String idNumberMasked, Instant verifiedAt) {
    }

    @Transactional
    public Customer create(String merchantId, String name, String email, String currency) {
        if (merchants.find(merchantId).isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Unknown merchant.");
        }
        if (!Currencies.isSupported(currency)) {
            throw ApiException.invalid("currency", "Unsupported currency: " + currency + ".");
        }
        String id = Ids.newId("cus");
        String account = ledger.openAccount(AccountType.WALLET, currency, merchantId, id);
        CustomerRepository.CustomerRow row = new CustomerRepository.CustomerRow(id, merchantId, name.strip(),
                email == null ? null : email.strip(), currency, account, "none", null, null, null, now());
        customers.insert(row);
        return view(row);
    }

    /** The merchant's own customer; another merchant's answers exactly like a missing one. */
    public Customer get(String merchantId, String id) {
        return view(own(merchantId, id));
    }

    /** For other services: any customer, with its merchant. */
    public java.util.Optional<Customer> find(String id) {
        return customers.find(id).map(this::view);
    }

    /**
     * Verifies a customer's real name with a PRC resident id. Verifying again with the same number is a
     * no-op; with another number it is refused, since a verified identity does not change.
     */
    @Transactional
    public Verification verify(String merchantId, String id, String fullName, String idNumber) {
        CustomerRepository.CustomerRow row = own(merchantId, id);
        Instant now = now();
        PrcIdNumber.problem(idNumber, LocalDate.ofInstant(now, CHINA)).ifPresent(reason -> {
            throw ApiException.invalid("idNumber", reason);
        });
        String normalised = PrcIdNumber.normalise(idNumber);
        String masked = PrcIdNumber.mask(normalised);
        if (customers.verify(id, fullName.strip(), cipher.encrypt(normalised, id), masked, now)) {
            return new Verification(id, "verified", masked, now);
        }
        CustomerRepository.CustomerRow current = customers.find(id).orElseThrow();
        if (!cipher.decrypt(current.idNumberEncrypted(), id).equals(normalised)) {
            throw new ApiException(ErrorCode.STATE_INVALID, "idNumber",
                    "The customer is already verified with another id number.");
        }
        return new Verification(id, current.kycLevel(), current.idNumberMasked(), current.verifiedAt());
    }

    private CustomerRepository.CustomerRow own(String merchantId, String id) {
        return customers.find(id).filter(c -> c.merchantId().equals(merchantId))
                .orElseThrow(() -> ApiException.notFound("customer", id));
    }

    private Customer view(CustomerRepository.CustomerRow c) {
        AccountBalance wallet = ledger.account(c.accountId()).orElseThrow();
        return new Customer(c.id(), c.merchantId(), c.name(), c.email(), c.currency(), c.kycLevel(), c.idNumberMasked(),
                c.accountId(), new Balance(wallet.available(), wallet.pending(), wallet.currency()), c.createdAt());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
