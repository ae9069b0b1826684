package io.paycloud.account.caller;

/** An ops user; a controller method taking this parameter answers the ops role only. */
public record Ops(String user) {
}
