package io.paycloud.account.customer;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.caller.Caller;

/** Merchant API: customers, their wallets and real-name verification, scoped to the calling merchant. */
@RestController
class CustomerController {

    private final CustomerService customers;

    CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    record CreateCustomerRequest(@NotBlank @Size(max = 200) String name, @Email @Size(max = 254) String email,
            @NotBlank String currency) {
    }

    record VerificationRequest(@NotBlank @Size(max = 100) String fullName, @NotBlank String idNumber) {
    }

    record CustomerResponse(String id, String name, String email, String currency, String kycLevel,
            String idNumberMasked, String accountId, CustomerService.Balance balance, Instant createdAt) {

        static CustomerResponse of(CustomerService.Customer c) {
            return new CustomerResponse(c.id(), c.name(), c.email(), c.currency(), c.kycLevel(), c.idNumberMasked(),
                    c.accountId(), c.balance(), c.createdAt());
        }
    }

    record VerificationResponse(String id, String kycLevel, String idNumberMasked, Instant verifiedAt) {
    }

    @PostMapping("/v1/customers")
    @ResponseStatus(HttpStatus.CREATED)
    CustomerResponse create(@Valid @RequestBody CreateCustomerRequest body, Caller caller) {
        return CustomerResponse.of(customers.create(caller.merchantId(), body.name(), body.email(), body.currency()));
    }

    @GetMapping("/v1/customers/{id}")
    CustomerResponse get(@PathVariable String id, Caller caller) {
        return CustomerResponse.of(customers.get(caller.merchantId(), id));
    }

    @PostMapping("/v1/customers/{id}/verification")
    VerificationResponse verify(@PathVariable String id, @Valid @RequestBody VerificationRequest body, Caller caller) {
        CustomerService.Verification v = customers.verify(caller.merchantId(), id, body.fullName(), body.idNumber());
        return new VerificationResponse(v.id(), v.kycLevel(), v.idNumberMasked(), v.verifiedAt());
    }
}
