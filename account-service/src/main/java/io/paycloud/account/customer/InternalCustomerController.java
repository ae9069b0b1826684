package io.paycloud.account.customer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;

/** For payment-service and risk-service: a customer with its merchant, wallet and KYC level. */
@RestController
class InternalCustomerController {

    private final CustomerService customers;

    InternalCustomerController(CustomerService customers) {
        this.customers = customers;
    }

    @GetMapping("/internal/customers/{id}")
    CustomerService.Customer get(@PathVariable String id) {
        return customers.find(id).orElseThrow(() -> ApiException.notFound("customer", id));
    }
}
