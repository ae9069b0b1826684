package io.paycloud.common.web;

import java.util.regex.Pattern;

import io.paycloud.common.id.Ids;

/**
 * The {@code Request-Id} that follows one request through the gateway and every service:
 * taken from the caller when it is sane, generated otherwise, logged through the MDC key
 * {@value #MDC_KEY} and echoed on every response.
 */
public final class RequestIds {

    public static final String HEADER = "Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when it is short and made of safe characters, else a new one. */
    public static String acceptOrGenerate(String fromCaller) {
        if (fromCaller != null && SAFE.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return generate();
    }

    public static String generate() {
        return Ids.newId("req");
    }
}
