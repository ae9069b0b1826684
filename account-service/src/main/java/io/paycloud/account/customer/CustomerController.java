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

import io.paycloud.common.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Merchant API: customers, their wallets and real-name verification, scoped to the calling merchant. */
@Tag(name = "Customers", description = "The merchant's customers, each with a wallet in one currency, and their real-name "
        + "verification (KYC).")
@SecurityRequirement(name = "merchantKey")
@RestController
class CustomerController {

    private final CustomerService customers;

    CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    record CreateCustomerRequest(@Schema(example = "Li Lei") @NotBlank @Size(max = 200) String name,
            @Schema(example = "li.lei@example.com") @Email @Size(max = 254) String email,
            @Schema(description = "The wallet's currency: ISO 4217, upper case.", example = "CNY") @NotBlank String currency) {
    }

    record VerificationRequest(@Schema(example = "李雷") @NotBlank @Size(max = 100) String fullName,
            @Schema(description = "An 18-character PRC resident id number, with a valid GB 11643 check digit and date.",
                    example = "11010519491231002X") @NotBlank String idNumber) {
    }

    record CustomerResponse(@Schema(example = "cus_01JD8WZ5M3K7Q2R9T4V6X8Y0A1") String id, String name,
            @Schema(nullable = true) String email, String currency,
            @Schema(allowableValues = {"none", "verified"}) String kycLevel,
            @Schema(nullable = true, description = "The verified id number, masked.") String idNumberMasked,
            @Schema(description = "The customer's wallet.", example = "acc_01JD8WZ5N4M8R3S0V5W7Y9Z1B2") String accountId,
            CustomerService.Balance balance, Instant createdAt) {

        static CustomerResponse of(CustomerService.Customer c) {
            return new CustomerResponse(c.id(), c.name(), c.email(), c.currency(), c.kycLevel(), c.idNumberMasked(),
                    c.accountId(), c.balance(), c.createdAt());
        }
    }

    record VerificationResponse(String id, @Schema(allowableValues = {"verified"}) String kycLevel, String idNumberMasked,
            Instant verifiedAt) {
    }

    @Operation(summary = "Create a customer", operationId = "createCustomer", description = "Creates the customer with a "
            + "wallet in `currency`; `kycLevel` starts as `none`.")
    @ApiResponse(responseCode = "201", description = "The customer.")
    @PostMapping("/v1/customers")
    @ResponseStatus(HttpStatus.CREATED)
    CustomerResponse create(@Valid @RequestBody CreateCustomerRequest body, Caller caller) {
        return CustomerResponse.of(customers.create(caller.merchantId(), body.name(), body.email(), body.currency()));
    }

    @Operation(summary = "Retrieve a customer", operationId = "getCustomer", description = "The customer, with the "
            + "wallet's balance.")
    @GetMapping("/v1/customers/{id}")
    CustomerResponse get(@PathVariable String id, Caller caller) {
        return CustomerResponse.of(customers.get(caller.merchantId(), id));
    }

    @Operation(summary = "Verify a customer's real name", operationId = "verifyCustomer", description = "Records the "
            + "customer's name and PRC resident id number (stored encrypted, shown masked). Verifying again with the same "
            + "number answers the verification there is.")
    @ApiResponse(responseCode = "200", description = "The customer is `verified`.")
    @ApiResponse(responseCode = "400", description = "`parameter_invalid` with `param: idNumber`: not a valid PRC "
            + "resident id number (length, check digit, date); or another `parameter_missing`, `parameter_invalid`, "
            + "`parameter_unknown` or `json_invalid`.")
    @ApiResponse(responseCode = "409", description = "`state_invalid` with `param: idNumber`: the customer is already "
            + "verified with another id number.")
    @PostMapping("/v1/customers/{id}/verification")
    VerificationResponse verify(@PathVariable String id, @Valid @RequestBody VerificationRequest body, Caller caller) {
        CustomerService.Verification v = customers.verify(caller.merchantId(), id, body.fullName(), body.idNumber());
        return new VerificationResponse(v.id(), v.kycLevel(), v.idNumberMasked(), v.verifiedAt());
    }
}
