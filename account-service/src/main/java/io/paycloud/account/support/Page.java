package io.paycloud.account.support;

import java.util.List;

/** The list shape of API.md: {@code {"data": [...], "hasMore": bool}}, newest first. */
public record Page<T>(List<T> data, boolean hasMore) {
}
