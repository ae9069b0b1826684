package io.paycloud.risk.blocklist;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record BlockEntryRequest(@NotNull String type, @NotBlank @Size(max = BlockValues.MAX_LENGTH) String value) {
}
