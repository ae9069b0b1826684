package io.paycloud.account.audit;

import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.paycloud.common.error.ApiException;

/**
 * Masks secrets in a request body before it is stored: the value of every JSON field, at any depth,
 * whose name contains {@code password}, {@code secret}, {@code token}, {@code key} (but
 * {@code idempotencyKey}), {@code idNumber} or {@code totp}, in any case and with or without {@code _}
 * or {@code -}, becomes {@code "***"}. Callers
 * mask already; this is the second line, so one forgetful caller cannot put a key into an append-only
 * table that nobody may clean. Only JSON is taken (the platform's API reads nothing else): a secret
 * in text we cannot parse could not be found.
 */
final class RequestBodyMasking {

    static final String MASK = "***";
    /** The column is TEXT (65,535 bytes): 16,000 characters fit even at four UTF-8 bytes each. */
    static final int MAX_LENGTH = 16_000;

    private static final List<String> SECRET_NAMES = List.of("password", "secret", "token", "key", "idnumber", "totp");
    // floats as BigDecimal: a stored amount must not be rounded through a double
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodyMasking() {
    }

    /** The body as compact JSON with secrets masked; null stays null. */
    static String mask(String body) {
        if (body == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalid("requestBody", "requestBody must be JSON text (or null).");
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.invalid("requestBody", "requestBody must be JSON text (or null).");
        }
        maskIn(tree);
        String masked = JSON.writeValueAsString(tree);
        if (masked.length() > MAX_LENGTH) {
            throw ApiException.invalid("requestBody", "requestBody is at most " + MAX_LENGTH + " characters.");
        }
        return masked;
    }

    private static void maskIn(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                if (secret(name)) {
                    object.put(name, MASK); // replaces the value where it stands: field order is kept
                } else {
                    maskIn(object.get(name));
                }
            }
        } else if (node.isArray()) {
            node.forEach(RequestBodyMasking::maskIn);
        }
    }

    /** Compared in lower case without {@code _} and {@code -}, so {@code id_number} and {@code API-KEY} count. */
    private static boolean secret(String name) {
        String plain = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (plain.equals("idempotencykey")) {
            return false;
        }
        return SECRET_NAMES.stream().anyMatch(plain::contains);
    }
}
