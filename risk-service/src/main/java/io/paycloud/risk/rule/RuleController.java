package io.paycloud.risk.rule;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.risk.Deleted;
import io.paycloud.risk.ListResponse;

/** Ops API for risk rules (API.md, Risk). The ops role is enforced by the gateway. */
@RestController
@RequestMapping("/v1/risk/rules")
class RuleController {

    private final RuleService rules;

    RuleController(RuleService rules) {
        this.rules = rules;
    }

    @GetMapping
    ListResponse<RuleResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter) {
        return rules.list(limit, startingAfter);
    }

    @GetMapping("/{id}")
    RuleResponse get(@PathVariable String id) {
        return rules.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RuleResponse create(@Valid @RequestBody RuleRequest request) {
        return rules.create(request);
    }

    @PutMapping("/{id}")
    RuleResponse replace(@PathVariable String id, @Valid @RequestBody RuleRequest request) {
        return rules.replace(id, request);
    }

    @DeleteMapping("/{id}")
    Deleted delete(@PathVariable String id) {
        rules.delete(id);
        return Deleted.of(id);
    }
}
