package io.paycloud.risk.blocklist;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.risk.Deleted;
import io.paycloud.risk.ListResponse;

/** Ops API for block lists (API.md, Risk). */
@RestController
@RequestMapping("/v1/risk/blocklist")
class BlocklistController {

    private final BlocklistService blocklist;

    BlocklistController(BlocklistService blocklist) {
        this.blocklist = blocklist;
    }

    /** 201 with the new entry; 200 with the existing one when the value is already listed. */
    @PostMapping
    ResponseEntity<BlockEntryResponse> add(@Valid @RequestBody BlockEntryRequest request) {
        BlocklistService.Added added = blocklist.add(request);
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(BlockEntryResponse.of(added.entry()));
    }

    @GetMapping
    ListResponse<BlockEntryResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter) {
        ListResponse<BlockEntry> page = blocklist.list(limit, startingAfter);
        return new ListResponse<>(page.data().stream().map(BlockEntryResponse::of).toList(), page.hasMore());
    }

    @DeleteMapping("/{id}")
    Deleted remove(@PathVariable String id) {
        blocklist.remove(id);
        return Deleted.of(id);
    }
}
