package io.paycloud.risk.blocklist;

import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.caller.Ops;
import io.paycloud.risk.ListResponse;
import io.paycloud.risk.approval.ApprovalEnvelope;
import io.paycloud.risk.approval.ApprovalRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Ops API for block lists (API.md, Risk). Adding an entry applies at once; removing one weakens a
 * control, so it waits for a second risk operator (four-eyes: 202 with the approval).
 */
@Tag(name = "Block list", description = "Customers, IP addresses, devices and emails whose payments the `blocklist` rule "
        + "stops (role `risk`). Removing an entry waits for a second risk operator.")
@SecurityRequirement(name = "operatorToken")
@RestController
@RequestMapping("/v1/risk/blocklist")
class BlocklistController {

    private final BlocklistService blocklist;
    private final ApprovalRequests approvals;

    BlocklistController(BlocklistService blocklist, ApprovalRequests approvals) {
        this.blocklist = blocklist;
        this.approvals = approvals;
    }

    /** 201 with the new entry; 200 with the existing one when the value is already listed. */
    @Operation(summary = "Add a block-list entry", operationId = "createBlocklistEntry", description = "Role `risk`. "
            + "Applies at once; the value is normalized (an IP address, an email in lower case).")
    @ApiResponse(responseCode = "201", description = "The new entry.")
    @ApiResponse(responseCode = "200", description = "The value was already listed: the existing entry.")
    @PostMapping
    ResponseEntity<BlockEntryResponse> add(@Valid @RequestBody BlockEntryRequest request) {
        BlocklistService.Added added = blocklist.add(request);
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(BlockEntryResponse.of(added.entry()));
    }

    @Operation(summary = "List block-list entries", operationId = "listBlocklistEntries", description = "Role `risk`. "
            + "Newest first.")
    @GetMapping
    ListResponse<BlockEntryResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter) {
        ListResponse<BlockEntry> page = blocklist.list(limit, startingAfter);
        return new ListResponse<>(page.data().stream().map(BlockEntryResponse::of).toList(), page.hasMore());
    }

    /** 202 with the approval: the entry stays (and blocks payments) until a second risk operator approves. */
    @Operation(summary = "Remove a block-list entry", operationId = "deleteBlocklistEntry", description = "Role `risk`. "
            + "Four-eyes: the entry stays, and blocks payments, until a second risk operator approves.")
    @ApiResponse(responseCode = "202", description = "The pending approval (the same one for a request sent again with "
            + "its `Idempotency-Key`).", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @DeleteMapping("/{id}")
    ResponseEntity<Object> remove(@PathVariable String id,
            @Parameter(description = "The same key sent again (by the same operator, for the same object) answers the approval "
                    + "it made. 1 to 255 characters.")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        blocklist.get(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(approvals.request(RiskControlAction.BLOCKLIST_REMOVE, id, Map.of(), ops, idempotencyKey));
    }
}
