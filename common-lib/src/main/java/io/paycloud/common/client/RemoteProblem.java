package io.paycloud.common.client;

/** A definite refusal from another service: its status and problem {@code code}; nothing was written there. */
public class RemoteProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;

    public RemoteProblem(int status, String code, String param, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
